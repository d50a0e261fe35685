using Microsoft.Win32.SafeHandles;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// Entering a running container (libvirt's virDomainLxc* calls; `virsh lxc-enter-namespace`).
/// Only container drivers offer it.
/// </summary>
public interface IDomainNamespaces
{
    /// <summary>
    /// DOMAIN_LXC_OPEN_NAMESPACE: open descriptors of the namespaces of the container's init (user when it
    /// has its own, then ipc, mnt, net, pid, uts), in the order a client enters them. The caller owns them
    /// (the RPC layer passes them to the client and closes its copies).
    /// </summary>
    IReadOnlyList<SafeFileHandle> OpenNamespaces(Guid uuid);

    /// <summary>
    /// Runs a command inside the running container: in all its namespaces, its cgroups and under its
    /// capability bounding set, with the given environment (null: a default PATH and HOME). stdin is fed
    /// to the command and then closed. Returns when the command exits.
    /// </summary>
    ValueTask<ContainerExecResult> ExecAsync(Guid uuid, IReadOnlyList<string> command, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string>? environment, CancellationToken ct);
}

/// <summary>A command's exit code (128 + signal when killed) and what it printed.</summary>
public sealed record ContainerExecResult(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
    public string StderrText => System.Text.Encoding.UTF8.GetString(Stderr);
}
