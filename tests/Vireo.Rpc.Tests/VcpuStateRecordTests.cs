using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>
/// DOMAIN_GET_GUEST_VCPUS, DOMAIN_SET_GUEST_VCPUS and DOMAIN_SET_VCPU on the wire: the payloads below are
/// what virsh 9.0 and libvirtd 9.0 exchanged (captured with a logging proxy) for virsh guestvcpus gv,
/// guestvcpus gv --cpulist 1 --enable and setvcpu gv 2 --disable/--enable --config, domain 'gv' id 4.
/// </summary>
public sealed class VcpuStateRecordTests
{
    private const string Gv = "00000002" + "67760000" + "6E8035FC91D642928603E9CB7EB8BC37" + "00000004";
    private static readonly DomainRef Ref = new("gv", Guid.Parse("6e8035fc-91d6-4292-8603-e9cb7eb8bc37"), 4);

    [Fact]
    public void Procedure_numbers_are_libvirts()
    {
        Assert.Equal(371, (int)RemoteProcedure.DomainGetGuestVcpus);
        Assert.Equal(372, (int)RemoteProcedure.DomainSetGuestVcpus);
        Assert.Equal(384, (int)RemoteProcedure.DomainSetVcpu);
        Assert.Equal("DOMAIN_SET_GUEST_VCPUS", ProcedureNames.Of(RemoteProcedure.DomainSetGuestVcpus));
    }

    [Fact]
    public void Guestvcpus_asks_with_flags_and_gets_three_bitmap_strings()
    {
        Assert.Equal(Gv + "00000000", XdrHex.Of(new DomainFlagsArgs(Ref, 0)));
        const string reply = "00000003" + "00000005" + "7663707573000000" + "00000007" + "00000003" + "302D3200"
            + "00000006" + "6F6E6C696E650000" + "00000007" + "00000003" + "302D3200"
            + "0000000A" + "6F66666C696E61626C650000" + "00000007" + "00000003" + "312D3200";
        var ret = new DomainGetGuestVcpusRet([TypedParameter.String("vcpus", "0-2"), TypedParameter.String("online", "0-2"), TypedParameter.String("offlinable", "1-2")]);
        Assert.Equal(reply, XdrHex.Of(ret));
        Assert.Equal(["0-2", "0-2", "1-2"], XdrHex.Decode<DomainGetGuestVcpusRet>(reply).Params.Select(p => p.Text));
    }

    [Fact]
    public void Setting_guest_vcpus_and_setvcpu_carry_the_list_the_state_and_the_flags()
    {
        var enable = new DomainSetVcpuStateArgs(Ref, "1", 1, 0);
        Assert.Equal(Gv + "00000001" + "31000000" + "00000001" + "00000000", XdrHex.Of(enable));
        Assert.Equal(enable, XdrHex.Decode<DomainSetVcpuStateArgs>(XdrHex.Of(enable)));
        Assert.Equal(Gv + "00000001" + "32000000" + "00000000" + "00000002", XdrHex.Of(new DomainSetVcpuStateArgs(Ref, "2", 0, 2)));
        Assert.Equal(Gv + "00000001" + "32000000" + "00000001" + "00000002", XdrHex.Of(new DomainSetVcpuStateArgs(Ref, "2", 1, 2)));
    }
}
