using Vireo.Core.State;

namespace Vireo.Drivers.Events;

/// <summary>
/// VIR_DOMAIN_EVENT_ID_IO_ERROR (4): a disk's I/O failed. <c>SrcPath</c> is the disk's source and <c>DevAlias</c>
/// its device alias ("virtio-disk0"), both empty when the disk is not known; <c>Action</c> is
/// virDomainEventIOErrorAction: 0 none (ignored), 1 pause, 2 report.
/// </summary>
public sealed record IoErrorEvent(DomainRef Domain, string SrcPath, string DevAlias, int Action) : DomainEvent(Domain)
{
    public override int EventId => 4;
}

/// <summary>
/// VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON (6): the same error with libvirt's reason: "enospc" when the host file
/// system is full, "" otherwise (libvirt 9.0 passes on nothing else).
/// </summary>
public sealed record IoErrorReasonEvent(DomainRef Domain, string SrcPath, string DevAlias, int Action, string Reason) : DomainEvent(Domain)
{
    public override int EventId => 6;
}
