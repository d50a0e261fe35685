using Vireo.Core.Errors;
using Vireo.Core.HostInterfaces;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.HostInterfaces;

/// <summary>
/// The interface procedures' records and errors on the wire, against bytes captured between python-libvirt and
/// libvirtd 9.0 on this machine (lvproxy): remote_nonnull_interface is {string name; string mac}.
/// </summary>
public sealed class HostInterfaceRecordTests
{
    private static readonly HostInterfaceRef Eth0 = new("eth0", "02:fc:00:00:00:01");
    private const string Eth0Hex = "00000004" + "65746830" + "00000011" + "30323A66633A30303A30303A30303A3031000000";

    [Fact]
    public void An_interface_is_its_name_then_its_mac()
    {
        Assert.Equal(Eth0Hex, XdrHex.Of(new IfaceArgs(Eth0)));
        Assert.Equal(Eth0, XdrHex.Decode<IfaceArgs>(Eth0Hex).Iface);
        Assert.Equal(Eth0Hex + "00000001", XdrHex.Of(new IfaceFlagsArgs(Eth0, 1)));
        Assert.Equal("00000001" + Eth0Hex + "0000000A", XdrHex.Of(new IfaceListRet([Eth0], 10)));
        Assert.Equal("00000000" + "00000004", XdrHex.Of(new IfaceListRet([], 4)));
        Assert.Equal(new IfaceListRet([Eth0], 10).Ifaces, XdrHex.Decode<IfaceListRet>("00000001" + Eth0Hex + "0000000A").Ifaces);
    }

    [Fact]
    public void Errors_carry_libvirtds_codes_domain_and_fields()
    {
        Assert.Equal(
            "000000030000001A000000010000004B746869732066756E6374696F6E206973206E6F7420737570706F727465642062792074686520636F6E6E656374696F6E206472697665723A20766972496E74657266616365437265617465000000000200000000000000010000003B746869732066756E6374696F6E206973206E6F7420737570706F727465642062792074686520636F6E6E656374696F6E206472697665723A202573000000000100000012766972496E74657266616365437265617465000000000000FFFFFFFFFFFFFFFF00000000",
            XdrHex.Of(RemoteError.From(VirErrors.NoSupport("virInterfaceCreate", VirErrorDomain.Interface))));
        Assert.Equal(
            "000000080000001A0000000100000040756E737570706F7274656420666C61677320283078342920696E2066756E6374696F6E2075646576436F6E6E6563744C697374416C6C496E74657266616365730000000200000000000000010000001C75646576436F6E6E6563744C697374416C6C496E74657266616365730000000100000005666C61677300000000000000000000000000000000000000",
            XdrHex.Of(RemoteError.From(VirErrors.UnsupportedFlags(4, "udevConnectListAllInterfaces", VirErrorDomain.Interface))));
        Assert.Equal(
            "000000260000000000000001000000474661696C656420746F206F70656E2066696C6520272F70726F632F6E65742F766C616E2F76697239782E31273A204E6F20737563682066696C65206F72206469726563746F727900000000020000000000000001000000022573000000000001000000474661696C656420746F206F70656E2066696C6520272F70726F632F6E65742F766C616E2F76697239782E31273A204E6F20737563682066696C65206F72206469726563746F7279000000000000000002FFFFFFFF00000000",
            XdrHex.Of(RemoteError.From(HostInterfaceErrors.CannotOpen(new FileText("/proc/net/vlan/vir9x.1", null, "No such file or directory", 2)))));
        Assert.Equal(
            "0000003B0000001A00000001000000636D756C7469706C65206D61746368696E6720696E746572666163657320666F756E643A20746865204D41432061646472657373202730323A63363A39663A34313A37623A393627206D617463686573206D756C7469706C6520696E746572666163657300000000020000000000000001000000266D756C7469706C65206D61746368696E6720696E746572666163657320666F756E643A2025730000000000010000003F746865204D41432061646472657373202730323A63363A39663A34313A37623A393627206D617463686573206D756C7469706C6520696E74657266616365730000000000FFFFFFFFFFFFFFFF00000000",
            XdrHex.Of(RemoteError.From(HostInterfaceErrors.SeveralMacs("02:c6:9f:41:7b:96"))));
        Assert.Equal(
            "000000390000001A000000010000003B496E74657266616365206E6F7420666F756E643A20636F756C646E27742066696E6420696E74657266616365206E616D656420276E6F73756368270000000002000000000000000100000017496E74657266616365206E6F7420666F756E643A202573000000000100000026636F756C646E27742066696E6420696E74657266616365206E616D656420276E6F7375636827000000000000FFFFFFFFFFFFFFFF00000000",
            XdrHex.Of(RemoteError.From(HostInterfaceErrors.NoSuchName("nosuch"))));
    }

    [Fact]
    public void The_procedure_numbers_are_libvirts()
    {
        (RemoteProcedure, int, string)[] expected =
        [
            (RemoteProcedure.ConnectNumOfInterfaces, 126, "CONNECT_NUM_OF_INTERFACES"),
            (RemoteProcedure.ConnectListInterfaces, 127, "CONNECT_LIST_INTERFACES"),
            (RemoteProcedure.InterfaceLookupByName, 128, "INTERFACE_LOOKUP_BY_NAME"),
            (RemoteProcedure.InterfaceLookupByMacString, 129, "INTERFACE_LOOKUP_BY_MAC_STRING"),
            (RemoteProcedure.InterfaceGetXmlDesc, 130, "INTERFACE_GET_XML_DESC"),
            (RemoteProcedure.InterfaceDefineXml, 131, "INTERFACE_DEFINE_XML"),
            (RemoteProcedure.InterfaceUndefine, 132, "INTERFACE_UNDEFINE"),
            (RemoteProcedure.InterfaceCreate, 133, "INTERFACE_CREATE"),
            (RemoteProcedure.InterfaceDestroy, 134, "INTERFACE_DESTROY"),
            (RemoteProcedure.ConnectNumOfDefinedInterfaces, 137, "CONNECT_NUM_OF_DEFINED_INTERFACES"),
            (RemoteProcedure.ConnectListDefinedInterfaces, 138, "CONNECT_LIST_DEFINED_INTERFACES"),
            (RemoteProcedure.InterfaceIsActive, 156, "INTERFACE_IS_ACTIVE"),
            (RemoteProcedure.InterfaceChangeBegin, 220, "INTERFACE_CHANGE_BEGIN"),
            (RemoteProcedure.InterfaceChangeCommit, 221, "INTERFACE_CHANGE_COMMIT"),
            (RemoteProcedure.InterfaceChangeRollback, 222, "INTERFACE_CHANGE_ROLLBACK"),
            (RemoteProcedure.ConnectListAllInterfaces, 284, "CONNECT_LIST_ALL_INTERFACES"),
        ];
        Assert.Equal(expected, expected.Select(e => (e.Item1, (int)e.Item1, ProcedureNames.Of(e.Item1))));
    }
}
