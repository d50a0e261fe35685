namespace Vireo.Platform.Network;

/// <summary>
/// Runs iproute2's `tc` (traffic control), as libvirt does for &lt;bandwidth&gt;: qdiscs, classes and
/// filters through rtnetlink by hand would be much code for commands run once per guest NIC. `-n NETNS`
/// runs it in a named network namespace. Failures carry tc's own message.
/// </summary>
public static class TcCommand
{
    public static string Executable { get; set; } = "tc";

    /// <summary>Runs `tc [-n NETNS] ARGS...` and returns stdout; throws <see cref="IOException"/> with stderr when it fails.</summary>
    public static Task<string> RunAsync(string? netns, IEnumerable<string> args, CancellationToken ct = default) =>
        IpCommand.RunToolAsync(Executable, netns, args, ct);
}
