using System.Diagnostics;

namespace Vireo.Tests.Shared;

/// <summary>
/// Runs a real program (virsh, python3, perl, vireo) the way the tests need it: redirected streams,
/// an environment free of the machine's libvirt settings, a timeout that kills the whole process tree.
/// Linked into the test projects that drive real clients.
/// </summary>
internal static class ChildProgram
{
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Keep the clients away from any real libvirt or Vireo configuration of the machine.
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["VIREO_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }

    /// <summary>Runs <paramref name="program"/> to its end; a program still running at the timeout is killed and reported with what it printed.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> args,
        string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string?>? env = null)
    {
        using var p = Process.Start(StartInfo(program, args, env))!;
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s; output so far:\n{await stdout}\n{await stderr}");
        }
        return (p.ExitCode, await stdout, await stderr);
    }

    public static bool Exists(string program) =>
        File.Exists(program) || (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));
}
