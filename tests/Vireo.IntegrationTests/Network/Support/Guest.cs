using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network.Support;

/// <summary>Commands on a guest's console that the guest answers in its own time (hot-plug, USB enumeration, carrier changes).</summary>
internal static class Guest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PerAttempt = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs a command in the guest until its output matches (the guest reacts to hot-plug on its own time) and
    /// returns that output. An attempt whose markers did not show is simply retried, and kernel lines that
    /// landed in the output (hot-plug makes the kernel talk) are cut out before matching.
    /// </summary>
    public static async Task<string> EventuallyAsync(ConsoleReader c, string command, string pattern, string? mustNotMatch = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        string? output = null;
        while (true)
        {
            var raw = await c.TryRunAsync(command, PerAttempt);
            if (raw is not null)
            {
                output = ConsoleReader.WithoutKernelMessages(raw);
                if (Regex.IsMatch(output, pattern) && (mustNotMatch is null || !Regex.IsMatch(output, mustNotMatch))) return output;
            }
            if (DateTime.UtcNow > deadline || c.Ended) break;
            await Task.Delay(250);
        }
        Assert.Fail($"the guest's '{command}' did not show /{pattern}/{(mustNotMatch is null ? "" : $" without /{mustNotMatch}/")} within {Deadline.TotalSeconds:0} s{(c.Ended ? " (the console ended)" : "")}; " +
                    (output is null ? $"no attempt's output showed between its markers. Console:\n{Tail(c.Text)}" : $"last output:\n{output}"));
        return "";
    }

    private static string Tail(string s) => s.Length > 1500 ? s[^1500..] : s;
}
