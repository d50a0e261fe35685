using System.Diagnostics;
using System.Text;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;

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

    public static bool Exists(string program) =>
        File.Exists(program) || (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));

    public static async Task<RunResult> ProgramAsync(string program, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = StartInfo(program, args, env);
        using var p = Process.Start(psi)!;
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish; output so far:\n{await stdout}\n{await stderr}");
        }
        return new RunResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>A start info with redirected streams and an environment free of the machine's libvirt settings.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["VIREO_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }

    public static Task<RunResult> VirshAsync(string uri, params string[] args) => ProgramAsync("virsh", ["-c", uri, .. args]);

    public static Task<RunResult> VireoProgramAsync(params string[] args) => ProgramAsync(VireoProgram, args);
}
