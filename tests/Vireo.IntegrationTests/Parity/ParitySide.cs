using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// One daemon of a parity comparison as virsh reaches it: its read-write and read-only sockets, and the
/// directory holding the files the test gives it (domain XML, disk image). Both daemons get the same files
/// under their own directory, which the comparison calls DIR.
/// </summary>
internal sealed record ParitySide(string Name, string Uri, string ReadOnlyUri, string Dir)
{
    /// <summary>
    /// Runs one command line of the matrix with Debian's virsh: "-r ..." opens the read-only socket read-only
    /// (virsh -r), "@ro ..." opens it as a read-write client would (the daemon refuses, not virsh); {dir}
    /// is this side's directory.
    /// </summary>
    public Task<ProgramResult> VirshAsync(IReadOnlyList<string> command)
    {
        var args = command.Select(a => a.Replace("{dir}", Dir, StringComparison.Ordinal)).ToList();
        var prefix = new List<string>();
        if (args.Count > 0 && args[0] == "-r")
        {
            prefix.AddRange(["-r", "-c", ReadOnlyUri]);
            args.RemoveAt(0);
        }
        else if (args.Count > 0 && args[0] == "@ro")
        {
            prefix.AddRange(["-c", ReadOnlyUri]);
            args.RemoveAt(0);
        }
        else
        {
            prefix.AddRange(["-c", Uri]);
        }
        return ProcessRunner.RunAsync("virsh", [.. prefix, .. args]);
    }
}
