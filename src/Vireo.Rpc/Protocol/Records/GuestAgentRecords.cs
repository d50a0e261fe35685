using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>The list limits of the guest-agent procedures (REMOTE_DOMAIN_*_MAX in libvirt's protocol).</summary>
public static class GuestAgentLimits
{
    public const int InterfaceMax = 2048;
    public const int IpAddrMax = 2048;
    public const int FsInfoMax = 256;
    public const int FsInfoDisksMax = 256;
    public const int FsFreezeMountPointsMax = 256;
    public const int GuestInfoParamsMax = 2048;
    public const int AuthorizedSshKeysMax = 2048;
}

/// <summary>remote_domain_ip_addr: {int type; nonnull string addr; unsigned int prefix}.</summary>
public readonly record struct DomainIpAddr(int Type, string Addr, uint Prefix) : IXdrRecord<DomainIpAddr>
{
    public static DomainIpAddr Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Type);
        w.WriteString(Addr);
        w.WriteUInt(Prefix);
    }
}

/// <summary>remote_domain_interface: {nonnull string name; string hwaddr (optional); remote_domain_ip_addr addrs&lt;&gt;}.</summary>
public readonly record struct DomainInterfaceWire(string Name, string? HwAddr, IReadOnlyList<DomainIpAddr> Addrs) : IXdrRecord<DomainInterfaceWire>
{
    public static DomainInterfaceWire Decode(ref XdrReader r)
    {
        var name = r.ReadString();
        var hw = r.ReadOptionalString();
        var n = r.ReadCount(GuestAgentLimits.IpAddrMax, 12);
        var addrs = new DomainIpAddr[n];
        for (var i = 0; i < n; i++) addrs[i] = DomainIpAddr.Decode(ref r);
        return new DomainInterfaceWire(name, hw, addrs);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Name);
        w.WriteOptionalString(HwAddr);
        w.WriteInt(Addrs.Count);
        foreach (var a in Addrs) a.Encode(ref w);
    }
}

/// <summary>remote_domain_interface_addresses_args: {nonnull domain; unsigned int source; unsigned int flags}.</summary>
public readonly record struct DomainInterfaceAddressesArgs(DomainRef Dom, uint Source, uint Flags) : IXdrRecord<DomainInterfaceAddressesArgs>
{
    public static DomainInterfaceAddressesArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Source);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_interface_addresses_ret: {remote_domain_interface ifaces&lt;&gt;}.</summary>
public readonly record struct DomainInterfaceAddressesRet(IReadOnlyList<DomainInterfaceWire> Ifaces) : IXdrRecord<DomainInterfaceAddressesRet>
{
    public static DomainInterfaceAddressesRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(GuestAgentLimits.InterfaceMax, 12);
        var list = new DomainInterfaceWire[n];
        for (var i = 0; i < n; i++) list[i] = DomainInterfaceWire.Decode(ref r);
        return new DomainInterfaceAddressesRet(list);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Ifaces.Count);
        foreach (var i in Ifaces) i.Encode(ref w);
    }
}

/// <summary>remote_domain_fsinfo: {nonnull string mountpoint; nonnull string name; nonnull string fstype; nonnull string dev_aliases&lt;&gt;}.</summary>
public readonly record struct DomainFsInfoWire(string MountPoint, string Name, string FsType, IReadOnlyList<string> DevAliases) : IXdrRecord<DomainFsInfoWire>
{
    public static DomainFsInfoWire Decode(ref XdrReader r) =>
        new(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadStrings(GuestAgentLimits.FsInfoDisksMax));

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(MountPoint);
        w.WriteString(Name);
        w.WriteString(FsType);
        w.WriteStrings(DevAliases);
    }
}

/// <summary>remote_domain_get_fsinfo_ret: {remote_domain_fsinfo info&lt;&gt;; unsigned int ret}.</summary>
public readonly record struct DomainGetFsInfoRet(IReadOnlyList<DomainFsInfoWire> Info, uint Ret) : IXdrRecord<DomainGetFsInfoRet>
{
    public static DomainGetFsInfoRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(GuestAgentLimits.FsInfoMax, 16);
        var list = new DomainFsInfoWire[n];
        for (var i = 0; i < n; i++) list[i] = DomainFsInfoWire.Decode(ref r);
        return new DomainGetFsInfoRet(list, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Info.Count);
        foreach (var i in Info) i.Encode(ref w);
        w.WriteUInt(Ret);
    }
}

/// <summary>remote_domain_fsfreeze_args and remote_domain_fsthaw_args: {nonnull domain; nonnull string mountpoints&lt;&gt;; unsigned int flags}.</summary>
public readonly record struct DomainFsFreezeArgs(DomainRef Dom, IReadOnlyList<string> MountPoints, uint Flags) : IXdrRecord<DomainFsFreezeArgs>
{
    public static DomainFsFreezeArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadStrings(GuestAgentLimits.FsFreezeMountPointsMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteStrings(MountPoints);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_get_guest_info_args: {nonnull domain; unsigned int types; unsigned int flags}.</summary>
public readonly record struct DomainGetGuestInfoArgs(DomainRef Dom, uint Types, uint Flags) : IXdrRecord<DomainGetGuestInfoArgs>
{
    public static DomainGetGuestInfoArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Types);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_get_guest_info_ret: {remote_typed_param params&lt;&gt;}.</summary>
public readonly record struct DomainGetGuestInfoRet(IReadOnlyList<TypedParameter> Params) : IXdrRecord<DomainGetGuestInfoRet>
{
    public static DomainGetGuestInfoRet Decode(ref XdrReader r) => new(r.ReadTypedParams(GuestAgentLimits.GuestInfoParamsMax));
    public void Encode(ref XdrWriter w) => w.WriteTypedParams(Params);
}

/// <summary>remote_domain_set_user_password_args: {nonnull domain; string user (optional); string password (optional); unsigned int flags}.</summary>
public readonly record struct DomainSetUserPasswordArgs(DomainRef Dom, string? User, string? Password, uint Flags) : IXdrRecord<DomainSetUserPasswordArgs>
{
    public static DomainSetUserPasswordArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteOptionalString(User);
        w.WriteOptionalString(Password);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_authorized_ssh_keys_get_args: {nonnull domain; nonnull string user; unsigned int flags}.</summary>
public readonly record struct DomainAuthorizedSshKeysGetArgs(DomainRef Dom, string User, uint Flags) : IXdrRecord<DomainAuthorizedSshKeysGetArgs>
{
    public static DomainAuthorizedSshKeysGetArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(User);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_authorized_ssh_keys_get_ret: {nonnull string keys&lt;REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX&gt;}.</summary>
public readonly record struct DomainAuthorizedSshKeysGetRet(IReadOnlyList<string> Keys) : IXdrRecord<DomainAuthorizedSshKeysGetRet>
{
    public static DomainAuthorizedSshKeysGetRet Decode(ref XdrReader r) => new(r.ReadStrings(GuestAgentLimits.AuthorizedSshKeysMax));

    public void Encode(ref XdrWriter w) => w.WriteStrings(Keys);
}

/// <summary>remote_domain_authorized_ssh_keys_set_args: {nonnull domain; nonnull string user; nonnull string keys&lt;REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX&gt;; unsigned int flags}.</summary>
public readonly record struct DomainAuthorizedSshKeysSetArgs(DomainRef Dom, string User, IReadOnlyList<string> Keys, uint Flags) : IXdrRecord<DomainAuthorizedSshKeysSetArgs>
{
    public static DomainAuthorizedSshKeysSetArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadString(), r.ReadStrings(GuestAgentLimits.AuthorizedSshKeysMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(User);
        w.WriteStrings(Keys);
        w.WriteUInt(Flags);
    }
}
