using Vireo.Core.State;

namespace Vireo.Drivers.Events;

/// <summary>One end of a graphics connection: virDomainEventGraphicsAddressType (0 ipv4, 1 ipv6, 2 unix), host and port.</summary>
public sealed record GraphicsEventAddress(int Family, string Node, string Service);

/// <summary>
/// VIR_DOMAIN_EVENT_ID_GRAPHICS (5): a VNC or SPICE client came or went. <c>Phase</c> is
/// virDomainEventGraphicsPhase (0 connect, 1 initialize: authenticated, 2 disconnect); <c>AuthScheme</c> the
/// server's ("none", "vnc", ...; empty when QEMU does not say); <c>Subject</c> the client's identities
/// (x509dname, saslUsername) when it has any.
/// </summary>
public sealed record GraphicsEvent(DomainRef Domain, int Phase, GraphicsEventAddress Local, GraphicsEventAddress Remote, string AuthScheme,
    IReadOnlyList<(string Type, string Name)> Subject) : DomainEvent(Domain)
{
    public override int EventId => 5;

    /// <summary>Records compare their lists by reference; two events with the same identities are the same event.</summary>
    public bool Equals(GraphicsEvent? other) => other is not null && Domain == other.Domain && Phase == other.Phase && Local == other.Local
        && Remote == other.Remote && AuthScheme == other.AuthScheme && Subject.SequenceEqual(other.Subject);

    public override int GetHashCode() => HashCode.Combine(Domain, Phase, Local, Remote, AuthScheme);
}
