using System.Diagnostics;

namespace Vireo.IntegrationTests.Support;

/// <summary>What a program (virsh, vireo, qemu-img, ip, python3) printed and how it exited.</summary>
public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>
/// Runs host programs for the tests with a clean libvirt environment: no LIBVIRT_DEFAULT_URI (never the
/// machine's own libvirt configuration), HOME in the temp directory (virsh writes its history there),
/// the C locale (messages the tests compare). Stdin is closed; output is captured; a run that outlives
/// its deadline is killed with its children and fails the test with what it printed so far.
/// </summary>
internal static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = StartInfo(program, args);
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish; it printed: {await stdout}{await stderr}");
        }
        return new ProgramResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>A program that must succeed; returns what it printed.</summary>
    public static async Task<string> OkAsync(string program, params string[] args)
    {
        var r = await RunAsync(program, args);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>The start info <see cref="RunAsync"/> uses, for a test that reads a long-running program's output itself.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        return psi;
    }
}
