using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Job abort, lifecycle actions and fstrim (virDomainAbortJob, virDomainSetLifecycleAction, virDomainFSTrim).</summary>
public static class VirDomainControl
{
    /// <summary>Cancels the domain's running job (a backup, a block copy's job as libvirtd counts it, ...).</summary>
    public static Task AbortJobAsync(this VirDomain d, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainAbortJob, new DomainArgs(d.Ref), ct);

    /// <summary>
    /// What the guest's power-off, reboot or crash leads to. <paramref name="action"/> is libvirt's
    /// virDomainLifecycleAction number (0 destroy, 1 restart, 2 rename-restart, 3 preserve, 4 coredump-destroy,
    /// 5 coredump-restart); flags are virDomainModificationImpact (0 current, 1 live, 2 config).
    /// </summary>
    public static Task SetLifecycleActionAsync(this VirDomain d, LifecycleTrigger trigger, uint action, uint flags = 0, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetLifecycleAction,
            new DomainSetLifecycleActionArgs(d.Ref, (uint)trigger, action, flags), ct);

    /// <summary>The guest agent discards unused blocks of its mounted file systems (guest-fstrim).</summary>
    public static Task FsTrimAsync(this VirDomain d, string? mountPoint = null, ulong minimum = 0, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainFsTrim, new DomainFsTrimArgs(d.Ref, mountPoint, minimum, 0), ct);
}
