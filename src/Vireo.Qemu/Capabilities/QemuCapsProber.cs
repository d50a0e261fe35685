using System.Text;
using System.Text.Json;
using Vireo.Platform.Processes;
using Vireo.Platform.Sockets;

namespace Vireo.Qemu.Capabilities;

/// <summary>
/// Asks one emulator binary what it supports, through one short QMP session with no guest:
/// <c>-machine none -accel tcg -S -nodefaults -no-user-config -display none -qmp unix:...</c>.
/// About 30 ms of QEMU start-up plus a few replies. The result is a probe document (see
/// QemuCapsParser), which is also what the cache stores.
/// </summary>
public static class QemuCapsProber
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<QemuEmulatorCaps> ProbeAsync(string emulatorPath, CancellationToken ct = default) =>
        QemuCapsParser.Parse(await ProbeDocumentAsync(emulatorPath, DefaultTimeout, ct).ConfigureAwait(false));

    /// <summary>Runs the probe and returns the probe document (JSON text).</summary>
    public static async Task<string> ProbeDocumentAsync(string emulatorPath, TimeSpan timeout, CancellationToken ct = default)
    {
        if (!Path.IsPathRooted(emulatorPath))
            throw new ArgumentException($"The emulator path '{emulatorPath}' must be absolute.", nameof(emulatorPath));
        if (!File.Exists(emulatorPath))
            throw new FileNotFoundException($"The emulator {emulatorPath} does not exist.", emulatorPath);

        // A short private directory: the socket path must fit in sockaddr_un (108 bytes).
        OrphanedProbes.Reap(Path.GetTempPath());
        var dir = Directory.CreateTempSubdirectory(OrphanedProbes.DirectoryPrefix).FullName;
        OrphanedProbes.RecordOwner(dir);
        var socketPath = Path.Combine(dir, "qmp.sock");
        var logPath = Path.Combine(dir, "qemu.log");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        WatchedProcess? process = null;
        try
        {
            process = await ProcessSpawner.SpawnAsync(new SpawnOptions
            {
                Executable = emulatorPath,
                Arguments = ["-machine", "none", "-accel", "tcg", "-S", "-nodefaults", "-no-user-config",
                             "-display", "none", "-qmp", $"unix:{socketPath},server=on,wait=off"],
                OutputLogPath = logPath,
                Environment = new Dictionary<string, string> { ["LC_ALL"] = "C", ["PATH"] = "/usr/bin:/bin" },
            }, cts.Token).ConfigureAwait(false);
            OrphanedProbes.RecordQemu(dir, process.Pid);

            var replies = new Dictionary<string, string>();
            try
            {
                using var socket = await UnixSocket.ConnectAsync(socketPath, timeout, process.Exited, cts.Token).ConfigureAwait(false);
                await using var qmp = await QmpProbeSession.StartAsync(socket, cts.Token).ConfigureAwait(false);
                foreach (var request in QemuCapsParser.Requests)
                    replies[request.Key] = await AskAsync(qmp, request, cts.Token).ConfigureAwait(false);
                await qmp.ExecuteAsync("quit", null, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or TimeoutException or JsonException or QmpCommandException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                throw new IOException($"Probing the emulator {emulatorPath} failed: {e.Message} QEMU said: {ReadLog(logPath)}", e);
            }
            await process.Exited.WaitAsync(timeout, ct).ConfigureAwait(false);
            return Compose(emulatorPath, replies);
        }
        finally
        {
            if (process is not null)
            {
                if (!process.HasExited) await process.KillAsync(CancellationToken.None).ConfigureAwait(false);
                process.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Builds the probe document from raw "return" values.</summary>
    public static string Compose(string emulatorPath, IReadOnlyDictionary<string, string> replies, Action<Utf8JsonWriter>? extra = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("emulator", emulatorPath);
            w.WriteString("accel", "tcg");
            extra?.Invoke(w);
            w.WritePropertyName("replies");
            w.WriteStartObject();
            foreach (var request in QemuCapsParser.Requests)
            {
                w.WritePropertyName(request.Key);
                w.WriteRawValue(replies[request.Key]);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<string> AskAsync(QmpProbeSession qmp, QemuProbeRequest request, CancellationToken ct)
    {
        try
        {
            return await qmp.ExecuteAsync(request.Command, request.ArgumentsJson, ct).ConfigureAwait(false);
        }
        catch (QmpCommandException) when (request.Optional)
        {
            return "null"; // this QEMU cannot answer it (e.g. no static CPU model expansion for its target)
        }
    }

    private static string ReadLog(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return text.Length == 0 ? "(nothing)" : text;
        }
        catch (IOException)
        {
            return "(its log could not be read)";
        }
    }
}
