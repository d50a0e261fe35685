using Vireo.Tests.Shared;

namespace Vireo.Rpc.Tests.Support;

/// <summary>Runs a real client program (virsh, python3, perl) and captures what it prints.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

        /// <summary>
        /// Fails unless stdout holds <paramref name="expected"/>, showing the whole transcript: xunit's
        /// Assert.Contains shows only its first few dozen characters, too little to tell where a console hung.
        /// </summary>
        public void ShouldPrint(string expected) =>
            Assert.True(Stdout.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in the output of {this}");
    }

    public static bool Exists(string program) => ChildProgram.Exists(program);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        var (code, stdout, stderr) = await ChildProgram.RunAsync(program, args, stdin, timeout ?? TimeSpan.FromSeconds(60));
        return new Result(code, stdout, stderr);
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
