using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>The guest-agent calls: domifaddr, domfsinfo, guestinfo, domfsfreeze/domfsthaw, set-user-password.</summary>
public static class VirDomainGuestAgent
{
    /// <summary>DOMAIN_INTERFACE_ADDRESSES: the guest's interfaces and addresses from the given source.</summary>
    public static async Task<IReadOnlyList<GuestInterface>> GetInterfaceAddressesAsync(this VirDomain d, InterfaceAddressSource source, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainInterfaceAddressesArgs, DomainInterfaceAddressesRet>(RemoteProcedure.DomainInterfaceAddresses,
            new DomainInterfaceAddressesArgs(d.Ref, (uint)source, 0), ct).ConfigureAwait(false);
        return r.Ifaces.Select(i => new GuestInterface(i.Name, i.HwAddr,
            i.Addrs.Select(a => new GuestIpAddress((GuestIpAddressType)a.Type, a.Addr, a.Prefix)).ToList())).ToList();
    }

    /// <summary>DOMAIN_GET_FSINFO: the guest's mounted file systems.</summary>
    public static async Task<IReadOnlyList<GuestFileSystem>> GetFsInfoAsync(this VirDomain d, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainFlagsArgs, DomainGetFsInfoRet>(RemoteProcedure.DomainGetFsinfo,
            new DomainFlagsArgs(d.Ref, 0), ct).ConfigureAwait(false);
        return r.Info.Select(f => new GuestFileSystem(f.MountPoint, f.Name, f.FsType, f.DevAliases)).ToList();
    }

    /// <summary>DOMAIN_GET_GUEST_INFO: libvirt's typed parameters for the asked groups (none = all).</summary>
    public static async Task<IReadOnlyList<TypedParameter>> GetGuestInfoAsync(this VirDomain d, GuestInfoTypes types, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainGetGuestInfoArgs, DomainGetGuestInfoRet>(RemoteProcedure.DomainGetGuestInfo,
            new DomainGetGuestInfoArgs(d.Ref, (uint)types, 0), ct).ConfigureAwait(false)).Params;

    /// <summary>DOMAIN_FS_FREEZE: how many file systems were frozen (all when no mount point is given).</summary>
    public static async Task<int> FsFreezeAsync(this VirDomain d, IReadOnlyList<string> mountPoints, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainFsFreezeArgs, IntValue>(RemoteProcedure.DomainFsFreeze,
            new DomainFsFreezeArgs(d.Ref, mountPoints, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>DOMAIN_FS_THAW: how many file systems were thawed.</summary>
    public static async Task<int> FsThawAsync(this VirDomain d, IReadOnlyList<string> mountPoints, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainFsFreezeArgs, IntValue>(RemoteProcedure.DomainFsThaw,
            new DomainFsFreezeArgs(d.Ref, mountPoints, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>DOMAIN_SET_USER_PASSWORD: sets a guest user's password through the agent.</summary>
    public static Task SetUserPasswordAsync(this VirDomain d, string user, string password, SetUserPasswordFlags flags, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetUserPassword, new DomainSetUserPasswordArgs(d.Ref, user, password, (uint)flags), ct);

    /// <summary>
    /// DOMAIN_AGENT_SET_RESPONSE_TIMEOUT: how long the daemon's later agent calls for this domain wait, in seconds;
    /// -2 forever, -1 the daemon's default, 0 not at all.
    /// </summary>
    public static Task SetAgentTimeoutAsync(this VirDomain d, int timeout, CancellationToken ct = default) =>
        d.Connection.Rpc.CallAsync<DomainIntFlagsArgs, IntValue>(RemoteProcedure.DomainAgentSetResponseTimeout, new DomainIntFlagsArgs(d.Ref, timeout, 0), ct);

    /// <summary>DOMAIN_AUTHORIZED_SSH_KEYS_GET: the lines of a guest user's authorized keys file, through the guest agent.</summary>
    public static async Task<IReadOnlyList<string>> GetAuthorizedSshKeysAsync(this VirDomain d, string user, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainAuthorizedSshKeysGetArgs, DomainAuthorizedSshKeysGetRet>(RemoteProcedure.DomainAuthorizedSshKeysGet,
            new DomainAuthorizedSshKeysGetArgs(d.Ref, user, 0), ct).ConfigureAwait(false)).Keys;

    /// <summary>DOMAIN_AUTHORIZED_SSH_KEYS_SET: replaces (no flag), appends to or removes from a guest user's authorized keys.</summary>
    public static Task SetAuthorizedSshKeysAsync(this VirDomain d, string user, IReadOnlyList<string> keys, AuthorizedSshKeysSetFlags flags, CancellationToken ct = default) =>
        d.Connection.Rpc.CallAsync<DomainAuthorizedSshKeysSetArgs, IntValue>(RemoteProcedure.DomainAuthorizedSshKeysSet,
            new DomainAuthorizedSshKeysSetArgs(d.Ref, user, keys, (uint)flags), ct);
}
