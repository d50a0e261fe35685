using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network.Support;

/// <summary>Commands on a guest's console that the guest answers in its own time (hot-plug, USB enumeration).</summary>
internal static class Guest
{
    /// <summary>Runs a command in the guest until its output matches (the guest reacts to hot-plug on its own time).</summary>
    public static async Task EventuallyAsync(ConsoleReader c, string command, string pattern, string? mustNotMatch = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string output;
        while (true)
        {
            output = await c.RunAsync(command);
            if (Regex.IsMatch(output, pattern) && (mustNotMatch is null || !Regex.IsMatch(output, mustNotMatch))) return;
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }
        Assert.Fail($"the guest's '{command}' did not show /{pattern}/{(mustNotMatch is null ? "" : $" without /{mustNotMatch}/")} within 60 s; last output:\n{output}");
    }
}
