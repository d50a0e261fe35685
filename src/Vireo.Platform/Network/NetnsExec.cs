namespace Vireo.Platform.Network;

/// <summary>
/// Runs a host tool (nft, dnsmasq, sh) in a network namespace: directly for the host's own (null), through
/// `ip netns exec` for a named one, so a tool that acts on "its" namespace acts on the right one.
/// </summary>
public static class NetnsExec
{
    /// <summary>Runs EXECUTABLE ARGS... in <paramref name="netns"/> and returns stdout; throws with stderr when it fails.</summary>
    public static Task<string> RunAsync(string? netns, string executable, IEnumerable<string> args, CancellationToken ct = default) =>
        netns is null
            ? IpCommand.RunToolAsync(executable, null, args, ct)
            : IpCommand.RunToolAsync(IpCommand.Executable, null, ["netns", "exec", netns, executable, .. args], ct);
}
