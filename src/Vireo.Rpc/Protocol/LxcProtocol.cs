using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Protocol;

/// <summary>
/// libvirt's LXC program (0x00068000, version 1): container-only calls next to the remote program. Its
/// one procedure, DOMAIN_OPEN_NAMESPACE, takes {remote_nonnull_domain dom; unsigned int flags} (our
/// <see cref="Records.DomainFlagsArgs"/>) and answers a void REPLY_WITH_FDS: after the header a u32
/// count of descriptors, then (outside the message) each descriptor with one byte of its own.
/// </summary>
public enum LxcProcedure
{
    DomainOpenNamespace = 1,
}

public static class LxcProtocol
{
    public const uint Program = Programs.Lxc;
    public const uint Version = 1;

    /// <summary>VIR_NET_MESSAGE_NUM_FDS_MAX: the most descriptors one message may announce.</summary>
    public const int MaxFds = 32;

    /// <summary>The libvirt API behind DOMAIN_OPEN_NAMESPACE (error messages, read-only refusal).</summary>
    public const string OpenNamespaceApi = "virDomainLxcOpenNamespace";
}
