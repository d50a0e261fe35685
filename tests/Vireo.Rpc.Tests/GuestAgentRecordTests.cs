using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Tests.Support;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

/// <summary>
/// The guest-agent procedures on the wire (XDR, big-endian): numbers as libvirt 9.0's virsh sends them
/// (seen with LIBVIRT_DEBUG against libvirtd 9.0) and the layouts of remote_protocol.x.
/// </summary>
public sealed class GuestAgentRecordTests
{
    private const string Dom = "00000001" + "74000000" + "727417977E6C4FE485AA7C14F559A862" + "00000003";
    private static readonly DomainRef Ref = new("t", Domains.LvTest1, 3);

    private static string Hex<T>(T value) where T : IXdrEncodable => XdrHex.Of(value);

    private static T Decode<T>(string hex) where T : IXdrRecord<T> => XdrHex.Decode<T>(hex);

    [Fact]
    public void Procedure_numbers_are_libvirts()
    {
        Assert.Equal(353, (int)RemoteProcedure.DomainInterfaceAddresses);
        Assert.Equal(349, (int)RemoteProcedure.DomainGetFsinfo);
        Assert.Equal(418, (int)RemoteProcedure.DomainGetGuestInfo);
        Assert.Equal(335, (int)RemoteProcedure.DomainFsFreeze);
        Assert.Equal(336, (int)RemoteProcedure.DomainFsThaw);
        Assert.Equal(357, (int)RemoteProcedure.DomainSetUserPassword);
        Assert.Equal("DOMAIN_GET_FSINFO", ProcedureNames.Of(RemoteProcedure.DomainGetFsinfo));
        Assert.Equal("DOMAIN_FS_FREEZE", ProcedureNames.Of(RemoteProcedure.DomainFsFreeze));
    }

    [Fact]
    public void Interface_addresses_are_name_optional_mac_then_typed_addresses()
    {
        Assert.Equal(Dom + "00000001" + "00000000", Hex(new DomainInterfaceAddressesArgs(Ref, 1, 0)));
        var ret = new DomainInterfaceAddressesRet([new DomainInterfaceWire("eth0", "aa", [new DomainIpAddr(0, "10.0.0.2", 24)]), new DomainInterfaceWire("x", null, [])]);
        const string hex = "00000002"
            + "00000004" + "65746830" + "00000001" + "00000002" + "61610000" + "00000001" + "00000000" + "00000008" + "31302E302E302E32" + "00000018"
            + "00000001" + "78000000" + "00000000" + "00000000";
        Assert.Equal(hex, Hex(ret));
        var back = Decode<DomainInterfaceAddressesRet>(hex);
        Assert.Equal(["eth0", "x"], back.Ifaces.Select(i => i.Name));
        Assert.Null(back.Ifaces[1].HwAddr);
        Assert.Equal(new DomainIpAddr(0, "10.0.0.2", 24), back.Ifaces[0].Addrs.Single());
    }

    [Fact]
    public void Fsinfo_reply_lists_mountpoint_name_type_and_aliases_then_the_count()
    {
        var ret = new DomainGetFsInfoRet([new DomainFsInfoWire("/", "a", "b", ["vda"])], 1);
        const string hex = "00000001" + "00000001" + "2F000000" + "00000001" + "61000000" + "00000001" + "62000000"
            + "00000001" + "00000003" + "76646100" + "00000001";
        Assert.Equal(hex, Hex(ret));
        Assert.Equal("vda", Decode<DomainGetFsInfoRet>(hex).Info.Single().DevAliases.Single());
    }

    [Fact]
    public void Freeze_args_carry_mount_points_and_guest_info_carries_types()
    {
        var freeze = new DomainFsFreezeArgs(Ref, ["/a"], 0);
        Assert.Equal(Dom + "00000001" + "00000002" + "2F610000" + "00000000", Hex(freeze));
        Assert.Equal("/a", Decode<DomainFsFreezeArgs>(Hex(freeze)).MountPoints.Single());
        Assert.Equal(Dom + "00000008" + "00000000", Hex(new DomainGetGuestInfoArgs(Ref, 8, 0)));
        var info = new DomainGetGuestInfoRet([TypedParameter.String("hostname", "g")]);
        Assert.Equal("00000001" + "00000008" + "686F73746E616D65" + "00000007" + "00000001" + "67000000", Hex(info));
    }

    [Fact]
    public void Set_user_password_args_have_optional_user_and_password()
    {
        var args = new DomainSetUserPasswordArgs(Ref, "u", null, 1);
        Assert.Equal(Dom + "00000001" + "00000001" + "75000000" + "00000000" + "00000001", Hex(args));
        Assert.Equal(args, Decode<DomainSetUserPasswordArgs>(Hex(args)));
    }
}
