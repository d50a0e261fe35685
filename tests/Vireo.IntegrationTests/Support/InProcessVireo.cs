using System.Text;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;

namespace Vireo.IntegrationTests.Support;

/// <summary>vireo's own entry point, run in this process (no build of the CLI binary needed), against a URI.</summary>
internal static class InProcessVireo
{
    /// <summary>vireo -c URI ARGS with the given text on its standard input (not a terminal).</summary>
    public static async Task<ProgramResult> RunAsync(string uri, string input, params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var io = new CliIo(new MemoryStream(Encoding.UTF8.GetBytes(input)), output, error, inputIsTerminal: false);
        var code = await CliApp.RunAsync(["-c", uri, .. args], io, _ => null);
        return new ProgramResult(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    /// <summary>vireo with empty input, failing the test with its output unless it succeeds; returns what it printed.</summary>
    public static async Task<string> OkAsync(string uri, params string[] args)
    {
        var r = await RunAsync(uri, "", args);
        Assert.True(r.ExitCode == 0, $"vireo {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }
}
