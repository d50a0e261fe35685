using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>
/// &lt;bandwidth&gt; of an interface: the round trip is in the golden corpus (Data/domains/vm-bandwidth.xml);
/// here the values land where they belong, and bad input gets the error libvirtd 9.0 gave for the same
/// &lt;interface&gt; (each message below was read from `virsh define` against a sandboxed libvirtd).
/// </summary>
public sealed class BandwidthXmlTests
{
    private static string Domain(string type, string inner, string source = "") =>
        $"<domain type='qemu'><name>bw</name><memory>65536</memory><os><type>hvm</type></os><devices>" +
        $"<interface type='{type}'>{source}<bandwidth{inner}</bandwidth></interface></devices></domain>";

    private static VirException Fails(string xml) => Assert.Throws<VirException>(() => DomainXml.Parse(xml));

    [Fact]
    public void RatesAreReadIntoTheModel()
    {
        var def = DomainXml.Parse(Corpus.Read("domains", "vm-bandwidth.xml"));
        var b = def.Devices.Interfaces[0].Bandwidth!;
        Assert.Equal(new BandwidthRateDef { Average = 1000, Peak = 5000, Floor = 200, Burst = 1024 }, b.Inbound);
        Assert.Equal(new BandwidthRateDef { Average = 128, Peak = 256, Burst = 256 }, b.Outbound);
        Assert.Equal(new BandwidthRateDef { Floor = 300 }, def.Devices.Interfaces[1].Bandwidth!.Inbound);
        Assert.Null(def.Devices.Interfaces[2].Bandwidth!.Inbound);
    }

    [Theory]
    [InlineData("ethernet", "><inbound peak='5'/>", VirErrorCode.XmlDetail, "Missing mandatory average or floor attributes")]
    [InlineData("ethernet", "><inbound average='1' floor='5'/>", VirErrorCode.ConfigUnsupported, "unsupported configuration: floor attribute is not supported for this config")]
    [InlineData("network", "><outbound average='1' floor='5'/>", VirErrorCode.ConfigUnsupported, "unsupported configuration: 'floor' attribute allowed only in <inbound> element")]
    [InlineData("ethernet", "><outbound burst='5' floor='3'/>", VirErrorCode.ConfigUnsupported, "unsupported configuration: 'peak' and 'burst' require 'average' attribute")]
    [InlineData("ethernet", "><inbound average='x1'/>", VirErrorCode.ConfigUnsupported, "unsupported configuration: could not convert bandwidth average value 'x1'")]
    [InlineData("ethernet", "><inbound average='-1'/>", VirErrorCode.ConfigUnsupported, "unsupported configuration: could not convert bandwidth average value '-1'")]
    [InlineData("ethernet", "><inbound average='1'/><inbound average='2'/>", VirErrorCode.XmlDetail, "Only one child <inbound> element allowed")]
    [InlineData("ethernet", " classID='3'><inbound average='1'/>", VirErrorCode.XmlDetail, "classID attribute not supported on <bandwidth> in this usage context")]
    public void BadBandwidth_GetsLibvirtsError(string type, string inner, VirErrorCode code, string message)
    {
        var source = type == "network" ? "<source network='default'/>" : "";
        var e = Fails(Domain(type, inner, source));
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void FloorAlone_IsAcceptedOnANetworkInterface()
    {
        var def = DomainXml.Parse(Domain("network", "><inbound floor='5'/>", "<source network='default'/>"));
        Assert.Equal(5UL, def.Devices.Interfaces[0].Bandwidth!.Inbound!.Floor);
    }

    [Fact]
    public void ZeroRates_AreNotWritten()
    {
        // libvirt formats a rate only when average or floor is set, and leaves zero attributes out.
        var def = DomainXml.Parse(Domain("ethernet", "><inbound average='0' peak='3'/><outbound average='7' burst='0'/>"));
        var xml = DomainXml.Format(def, secure: true);
        Assert.DoesNotContain("<inbound", xml, StringComparison.Ordinal);
        Assert.Contains("<outbound average='7'/>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkBandwidth_IsParsedFromLinqToXml()
    {
        var b = BandwidthXml.Parse(System.Xml.Linq.XElement.Parse("<bandwidth><inbound average='100' floor='10'/></bandwidth>"));
        Assert.Equal(new BandwidthRateDef { Average = 100, Floor = 10 }, b!.Inbound);
        Assert.Null(BandwidthXml.Parse(System.Xml.Linq.XElement.Parse("<bandwidth/>")));
    }
}
