using System.Diagnostics;

namespace Vireo.Rpc.Tests.Support;

/// <summary>Runs a real client program (virsh, python3, perl) and captures what it prints.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program))) || File.Exists(program);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Keep the clients away from any real libvirt configuration of the machine.
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> Virsh(string uri, params string[] args) => RunAsync("virsh", ["-c", uri, .. args]);

    /// <summary>virsh on <paramref name="uri"/>, failing the test with its output unless it succeeds.</summary>
    public static async Task<string> VirshOkOn(string uri, params string[] args)
    {
        var r = await Virsh(uri, args);
        Assert.True(r.ExitCode == 0, $"virsh -c {uri} {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }
}
