using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// What a guest's own agent (qemu-guest-agent) reports or does on request: its network interfaces and
/// addresses, mounted file systems, OS facts, freezing file systems, setting a password. A driver without
/// such an agent leaves the feature out (answered "not supported").
/// </summary>
public interface IDomainGuestAgent
{
    /// <summary>
    /// DOMAIN_INTERFACE_ADDRESSES (virsh domifaddr): from the DHCP leases of networks the host runs (lease),
    /// the guest's agent (agent), or the host's neighbour table for the guest's MACs (arp).
    /// </summary>
    ValueTask<IReadOnlyList<GuestInterface>> InterfaceAddressesAsync(Guid uuid, InterfaceAddressSource source, uint flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_FSINFO (virsh domfsinfo): the guest's mounted file systems and the domain's disks under them.</summary>
    ValueTask<IReadOnlyList<GuestFileSystem>> FsInfoAsync(Guid uuid, uint flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_GUEST_INFO (virsh guestinfo): libvirt's typed parameters for the asked types (none = all).</summary>
    ValueTask<IReadOnlyList<TypedParameter>> GuestInfoAsync(Guid uuid, GuestInfoTypes types, uint flags, CancellationToken ct);

    /// <summary>DOMAIN_FS_FREEZE (virsh domfsfreeze): freezes the given mount points (none = all); how many were frozen.</summary>
    ValueTask<int> FsFreezeAsync(Guid uuid, IReadOnlyList<string> mountPoints, uint flags, CancellationToken ct);

    /// <summary>DOMAIN_FS_THAW (virsh domfsthaw): thaws every frozen file system; how many were thawed.</summary>
    ValueTask<int> FsThawAsync(Guid uuid, IReadOnlyList<string> mountPoints, uint flags, CancellationToken ct);

    /// <summary>DOMAIN_SET_USER_PASSWORD (virsh set-user-password): sets a guest user's password (flags: 1 = already encrypted).</summary>
    ValueTask SetUserPasswordAsync(Guid uuid, string user, string password, uint flags, CancellationToken ct);

    /// <summary>
    /// DOMAIN_FSTRIM (virsh domfstrim): the guest discards the unused blocks of its mounted file systems, those
    /// smaller than <paramref name="minimum"/> bytes left alone. A mount point cannot be chosen (libvirt's rule).
    /// </summary>
    ValueTask FsTrimAsync(Guid uuid, string? mountPoint, ulong minimum, uint flags, CancellationToken ct) =>
        throw Core.Errors.VirErrors.NoSupport("virDomainFSTrim");

    /// <summary>
    /// DOMAIN_AGENT_SET_RESPONSE_TIMEOUT (virsh guest-agent-timeout): how long later agent calls for this domain
    /// wait (seconds; -2 forever, -1 the driver's default, 0 not at all). A shut-off domain keeps it for its next run.
    /// </summary>
    ValueTask SetAgentTimeoutAsync(Guid uuid, int timeout, uint flags, CancellationToken ct) =>
        throw Core.Errors.VirErrors.NoSupport("virDomainAgentSetResponseTimeout");

    /// <summary>DOMAIN_AUTHORIZED_SSH_KEYS_GET (virsh get-user-sshkeys): the lines of a guest user's ~/.ssh/authorized_keys.</summary>
    ValueTask<IReadOnlyList<string>> AuthorizedSshKeysAsync(Guid uuid, string user, uint flags, CancellationToken ct) =>
        throw Core.Errors.VirErrors.NoSupport("virDomainAuthorizedSSHKeysGet");

    /// <summary>DOMAIN_AUTHORIZED_SSH_KEYS_SET (virsh set-user-sshkeys): replaces (no flag), appends to or removes from a guest user's authorized keys.</summary>
    ValueTask SetAuthorizedSshKeysAsync(Guid uuid, string user, IReadOnlyList<string> keys, AuthorizedSshKeysSetFlags flags, CancellationToken ct) =>
        throw Core.Errors.VirErrors.NoSupport("virDomainAuthorizedSSHKeysSet");
}

/// <summary>virDomainAuthorizedSSHKeysSetFlags.</summary>
[Flags]
public enum AuthorizedSshKeysSetFlags : uint { None = 0, Append = 1, Remove = 2 }

/// <summary>virDomainInterfaceAddressesSource.</summary>
public enum InterfaceAddressSource : uint { Lease = 0, Agent = 1, Arp = 2 }

/// <summary>virIPAddrType.</summary>
public enum GuestIpAddressType { IPv4 = 0, IPv6 = 1 }

/// <summary>virDomainIPAddress: one address with its prefix length (0 when the source cannot tell, as for arp).</summary>
public sealed record GuestIpAddress(GuestIpAddressType Type, string Address, uint Prefix);

/// <summary>virDomainInterface: a guest interface (the host device's name for lease/arp, the guest's own for agent).</summary>
public sealed record GuestInterface(string Name, string? HardwareAddress, IReadOnlyList<GuestIpAddress> Addresses);

/// <summary>virDomainFSInfo: a mounted file system and the targets ("vda") of the domain disks it lives on.</summary>
public sealed record GuestFileSystem(string MountPoint, string Name, string FsType, IReadOnlyList<string> DiskTargets);

/// <summary>virDomainGuestInfoTypes: which groups virDomainGetGuestInfo returns (none asks for every group).</summary>
[Flags]
public enum GuestInfoTypes : uint
{
    None = 0, Users = 1, Os = 2, Timezone = 4, Hostname = 8, FileSystem = 16, Disks = 32, Interfaces = 64,
}

/// <summary>virDomainSetUserPasswordFlags.</summary>
[Flags]
public enum SetUserPasswordFlags : uint { None = 0, Encrypted = 1 }
