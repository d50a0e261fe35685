using System.Diagnostics;
using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.Support;

/// <summary>What a program (virsh, vireo, qemu-img, ip, python3) printed and how it exited.</summary>
public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>
/// Runs host programs for the tests through the shared <see cref="ChildProgram"/>: a clean libvirt environment
/// (no LIBVIRT_DEFAULT_URI, HOME in the temp directory, the C locale), stdin closed, output captured, and a
/// run that outlives its deadline killed with its children, failing the test with what it printed so far.
/// </summary>
internal static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? env = null)
    {
        var (code, stdout, stderr) = await ChildProgram.RunAsync(program, args, stdin: null, timeout ?? DefaultTimeout, env);
        return new ProgramResult(code, stdout, stderr);
    }

    /// <summary>A program that must succeed; returns what it printed.</summary>
    public static async Task<string> OkAsync(string program, params string[] args)
    {
        var r = await RunAsync(program, args);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>The start info <see cref="RunAsync"/> uses, for a test that reads a long-running program's output itself.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args) => ChildProgram.StartInfo(program, args);
}
