using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>
/// &lt;vcpus&gt; both ways. The block is the one libvirtd 9.0 wrote into the live XML of a TCG guest booted
/// with &lt;vcpu current='1'&gt;3&lt;/vcpu&gt; after virsh setvcpus --live 3.
/// </summary>
public sealed class VcpusXmlTests
{
    private const string LibvirtLive = """
          <vcpu placement='static'>3</vcpu>
          <vcpus>
            <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
            <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
            <vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/>
          </vcpus>
        """;

    private static string Doc(string vcpu) => $"""
        <domain type='qemu'>
          <name>v1</name>
          <uuid>0c5a8d8e-5d0f-4b8a-9a43-3f6f3f2b7a10</uuid>
          <memory unit='KiB'>262144</memory>
        {vcpu}
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
          </os>
          <devices/>
        </domain>

        """;

    [Fact]
    public void Libvirts_live_block_round_trips_byte_for_byte()
    {
        var doc = Doc(LibvirtLive);
        var def = DomainXml.Parse(doc);
        Assert.Equal(3, def.VcpuSlots!.Count);
        Assert.Equal([YesNo.No, YesNo.Yes, YesNo.Yes], def.VcpuSlots.Select(s => s.Hotpluggable!.Value));
        Assert.Null(def.Vcpu!.Current);
        Assert.Equal(doc, DomainXml.Format(def));
    }

    [Fact]
    public void The_count_online_follows_the_enabled_vcpus_and_missing_ones_are_disabled()
    {
        var def = DomainXml.Parse(Doc("""
              <vcpu placement='static'>3</vcpu>
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                <vcpu id='2' enabled='no' hotpluggable='yes'/>
              </vcpus>
            """));
        Assert.Equal(1u, def.Vcpu!.Current);
        var text = DomainXml.Format(def);
        Assert.Contains("<vcpu placement='static' current='1'>3</vcpu>", text, StringComparison.Ordinal);
        Assert.Contains("<vcpu id='1' enabled='no'/>", text, StringComparison.Ordinal);
        Assert.Equal(text, DomainXml.Format(DomainXml.Parse(text)));
    }

    [Theory]
    [InlineData("<vcpu id='3' enabled='yes'/>", "XML error: vcpu id '3' in <vcpus> of domain 'v1' is out of range: the domain has 3 vCPUs (ids 0 to 2)")]
    [InlineData("<vcpu id='1' enabled='yes'/><vcpu id='1' enabled='no'/>", "XML error: vcpu id '1' appears twice in <vcpus> of domain 'v1'")]
    [InlineData("<vcpu id='0' enabled='no'/>", "XML error: vcpu 0 in <vcpus> of domain 'v1' must be enabled: a guest needs its first vCPU")]
    [InlineData("<vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no' hotpluggable='no'/>", "XML error: vcpu '1' in <vcpus> of domain 'v1' can't be offline and not hotpluggable")]
    [InlineData("<vcpu id='0'/>", "XML error: attribute 'enabled' is missing from <vcpu id='0'> in <vcpus> of domain 'v1'")]
    public void Bad_blocks_are_refused_with_a_sentence_naming_the_vcpu(string entries, string expected)
    {
        var e = Assert.Throws<VirException>(() => DomainXml.Parse(Doc($"<vcpu>3</vcpu><vcpus>{entries}</vcpus>")));
        Assert.Equal(expected, e.Message);
    }
}
