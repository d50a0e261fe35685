using Vireo.Core.State;

namespace Vireo.Drivers.Events;

/// <summary>
/// VIR_DOMAIN_EVENT_ID_TRAY_CHANGE (10): a removable disk's tray moved. <c>DevAlias</c> is the disk's device alias
/// ("sata0-0-0"), <c>Reason</c> virDomainEventTrayChangeReason: 0 opened, 1 closed.
/// </summary>
public sealed record TrayChangeEvent(DomainRef Domain, string DevAlias, int Reason) : DomainEvent(Domain)
{
    public override int EventId => 10;
}
