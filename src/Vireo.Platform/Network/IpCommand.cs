using System.Diagnostics;
using System.Text;

namespace Vireo.Platform.Network;

/// <summary>
/// Runs iproute2's `ip` (a Vireo dependency) for link creation and configuration: creating veth pairs,
/// macvtaps and bridges through rtnetlink by hand would add much code for little gain. Failures carry
/// ip's own message.
/// </summary>
public static class IpCommand
{
    public static string Executable { get; set; } = "ip";

    /// <summary>Runs `ip [-n NETNS] ARGS...` and returns stdout; throws with stderr when it fails.</summary>
    public static Task<string> RunAsync(string? netns, IEnumerable<string> args, CancellationToken ct = default) =>
        RunToolAsync(Executable, netns, args, ct);

    /// <summary>Runs an iproute2 tool that takes `-n NETNS` the same way (ip, tc).</summary>
    internal static async Task<string> RunToolAsync(string executable, string? netns, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false,
        };
        if (netns != null)
        {
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add(netns);
        }
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new IOException($"Could not start `{executable}`.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        string err = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
            throw new IOException($"`{Describe(psi)}` failed: {(err.Length > 0 ? err : $"exit code {process.ExitCode}")}.");
        return await stdout.ConfigureAwait(false);
    }

    public static Task<string> RunAsync(string? netns, params string[] args) => RunAsync(netns, args, CancellationToken.None);

    private static string Describe(ProcessStartInfo psi)
    {
        var sb = new StringBuilder(psi.FileName);
        foreach (string a in psi.ArgumentList)
            sb.Append(' ').Append(a);
        return sb.ToString();
    }
}
