using Vireo.Rpc.Tests.Support;
using System.Buffers;
using Vireo.Drivers.Secrets;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests.Secrets;

/// <summary>The secret procedures' records on the wire (XDR, big-endian): remote_nonnull_secret is {uuid[16]; int usageType; string usageID}.</summary>
public sealed class SecretRecordTests
{
    private static readonly SecretRef Ceph = new(Guid.Parse("11111111-2222-3333-4444-555555555555"), SecretUsageType.Ceph, "client.admin");
    private const string CephHex = "11111111222233334444555555555555" + "00000002" + "0000000C" + "636C69656E742E61646D696E";

    private static string Hex<T>(T value) where T : IXdrEncodable => XdrHex.Of(value);

    private static T Decode<T>(string hex) where T : IXdrRecord<T> => XdrHex.Decode<T>(hex);

    [Fact]
    public void A_secret_is_its_uuid_bytes_in_text_order_then_usage_type_then_usage_id()
    {
        Assert.Equal(CephHex, Hex(new SecretArgs(Ceph)));
        Assert.Equal(Ceph, Decode<SecretArgs>(CephHex).Secret);
        // Usage type none travels with an empty usage id, as libvirt's virGetSecret makes it.
        var none = new SecretRef(Guid.Parse("aaaaaaaa-2222-3333-4444-555555555555"), SecretUsageType.None, "");
        Assert.Equal("AAAAAAAA222233334444555555555555" + "00000000" + "00000000", Hex(new SecretArgs(none)));
    }

    [Fact]
    public void Set_value_carries_the_value_as_padded_opaque_bytes_then_flags()
    {
        var args = new SecretSetValueArgs(Ceph, "hello"u8.ToArray(), 0);
        var hex = CephHex + "00000005" + "68656C6C6F000000" + "00000000";
        Assert.Equal(hex, Hex(args));
        var back = Decode<SecretSetValueArgs>(hex);
        Assert.Equal("hello"u8.ToArray(), back.Value);
        Assert.Equal("00000003" + "00FF0700", Hex(new SecretValueRet([0, 255, 7])));
    }

    [Fact]
    public void A_value_longer_than_libvirts_limit_is_refused_while_decoding()
    {
        var hex = CephHex + "00010001" + new string('0', 2 * 65540) + "00000000";
        Assert.Throws<XdrException>(() => Decode<SecretSetValueArgs>(hex));
    }

    [Fact]
    public void Lookup_by_usage_list_all_and_events_have_libvirts_layouts()
    {
        Assert.Equal("00000001" + "00000004" + "2F612F62", Hex(new SecretUsageArgs(SecretUsageType.Volume, "/a/b")));
        Assert.Equal("00000001" + CephHex + "00000001", Hex(new SecretListRet([Ceph], 1)));
        Assert.Equal("00000000" + "00000002", Hex(new SecretListRet([], 2)));
        Assert.Equal("00000001" + "00000001" + CephHex, Hex(new SecretEventRegisterArgs(1, Ceph)));
        Assert.Equal("00000000" + "00000000", Hex(new SecretEventRegisterArgs(0, null)));
        Assert.Equal("00000007" + CephHex + "00000001" + "00000000", Hex(new SecretLifecycleMsg(7, Ceph, 1, 0)));
        Assert.Equal("00000007" + CephHex, Hex(new SecretValueChangedMsg(7, Ceph)));
    }

    [Fact]
    public void The_procedure_numbers_are_libvirts()
    {
        Assert.Equal(139, (int)RemoteProcedure.ConnectNumOfSecrets);
        Assert.Equal(145, (int)RemoteProcedure.SecretGetValue);
        Assert.Equal(147, (int)RemoteProcedure.SecretLookupByUsage);
        Assert.Equal(287, (int)RemoteProcedure.ConnectListAllSecrets);
        Assert.Equal(380, (int)RemoteProcedure.ConnectSecretEventRegisterAny);
        Assert.Equal(383, (int)RemoteProcedure.SecretEventValueChanged);
        Assert.Equal("SECRET_EVENT_VALUE_CHANGED", ProcedureNames.Of(RemoteProcedure.SecretEventValueChanged));
        Assert.Equal("CONNECT_LIST_ALL_SECRETS", ProcedureNames.Of(RemoteProcedure.ConnectListAllSecrets));
    }
}
