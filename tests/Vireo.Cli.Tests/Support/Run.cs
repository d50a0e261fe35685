using System.Diagnostics;
using System.Text;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;
using Vireo.Tests.Shared;

namespace Vireo.Cli.Tests.Support;

/// <summary>What a command printed and how it exited.</summary>
public sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stderr then stdout, the order the captured .out files show for a failing virsh command.</summary>
    public string Merged => Stderr + Stdout;

    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>Runs vireo in this process (fast, for every command) or as the built program, and other programs.</summary>
public static class Run
{
    /// <summary>vireo's own entry point on memory streams; the environment is empty unless given.</summary>
    public static async Task<RunResult> VireoAsync(params string[] args) => await VireoAsync(args, null);

    public static async Task<RunResult> VireoAsync(string[] args, Dictionary<string, string>? env, string? stdin = null)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin ?? ""));
        var io = new CliIo(input, output, error, inputIsTerminal: false);
        var code = await CliApp.RunAsync(args, io, name => env is not null && env.TryGetValue(name, out var v) ? v : null);
        return new RunResult(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    /// <summary>The vireo program built next to the tests (the same code as the published binary, JIT-compiled).</summary>
    public static string VireoProgram => Path.Combine(AppContext.BaseDirectory, "vireo");

    public static bool Exists(string program) => ChildProgram.Exists(program);

    public static async Task<RunResult> ProgramAsync(string program, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? env = null)
    {
        var (code, stdout, stderr) = await ChildProgram.RunAsync(program, args, stdin, timeout ?? TimeSpan.FromSeconds(120), env);
        return new RunResult(code, stdout, stderr);
    }

    /// <summary>A start info with redirected streams and an environment free of the machine's libvirt settings.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env) =>
        ChildProgram.StartInfo(program, args, env);

    public static Task<RunResult> VirshAsync(string uri, params string[] args) => ProgramAsync("virsh", ["-c", uri, .. args]);

    public static Task<RunResult> VireoProgramAsync(params string[] args) => ProgramAsync(VireoProgram, args);
}
