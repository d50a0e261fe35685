using Vireo.Platform.Processes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>
/// A real qemu-system-x86_64 under TCG with nothing to boot, started the way the driver will start it
/// (own session, log file, QMP socket server), in a private temp dir; killed and removed at dispose.
/// </summary>
internal sealed class QemuUnderTest : IAsyncDisposable
{
    public const string Binary = "qemu-system-x86_64";

    private QemuUnderTest(string dir, WatchedProcess process)
    {
        Dir = dir;
        Process = process;
    }

    public string Dir { get; }
    public WatchedProcess Process { get; }
    public string QmpSocket => Path.Combine(Dir, "qmp.sock");
    public string SerialSocket => Path.Combine(Dir, "serial0.sock");
    public string LogFile => Path.Combine(Dir, "qemu.log");

    public static void RequireQemu() =>
        MachineSetUp.Require((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, Binary))),
            $"{Binary} (package qemu-system-x86)");

    /// <summary>
    /// Starts QEMU paused (-S) with -machine graphics=off (SeaBIOS then prints on the serial port) and a
    /// serial chardev socket. extraArgs are appended.
    /// </summary>
    public static async Task<QemuUnderTest> StartAsync(IEnumerable<string>? extraArgs = null, bool withSerial = true, string memory = "64")
    {
        RequireQemu();
        string dir = Directory.CreateTempSubdirectory("vireo-qemu-").FullName;
        var args = new List<string>
        {
            "-machine", "pc,graphics=off", "-accel", "tcg", "-nodefaults", "-display", "none", "-m", memory, "-S",
            "-qmp", $"unix:{Path.Combine(dir, "qmp.sock")},server=on,wait=off",
        };
        if (withSerial)
            args.AddRange(["-chardev", $"socket,id=serial0,path={Path.Combine(dir, "serial0.sock")},server=on,wait=off", "-serial", "chardev:serial0"]);
        args.AddRange(extraArgs ?? []);
        var process = await ProcessSpawner.SpawnAsync(new SpawnOptions
        {
            Executable = Binary, Arguments = args, OutputLogPath = Path.Combine(dir, "qemu.log"), PidFilePath = Path.Combine(dir, "pid"),
        });
        return new QemuUnderTest(dir, process);
    }

    public Task<QmpClient> ConnectQmpAsync(CancellationToken ct) =>
        QmpClient.ConnectAsync(QmpSocket, new QmpClientOptions { AbandonWhen = Process.Exited, Name = Path.GetFileName(Dir) }, ct);

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
            await Process.KillAsync();
        Process.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
