using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>&lt;perf&gt; parsed and refused with libvirtd 9.0's sentences (measured with virsh define against it).</summary>
public sealed class PerfXmlTests
{
    private static string Doc(string perf) =>
        $"<domain type='qemu'><name>p</name><os><type>hvm</type></os><perf>{perf}</perf></domain>";

    [Theory]
    [InlineData("<event name='bogus' enabled='yes'/>", "XML error: Invalid value for attribute 'name' in element 'event': 'bogus'.")]
    [InlineData("<event name='cpu_clock' enabled='maybe'/>", "XML error: Invalid value for attribute 'enabled' in element 'event': 'maybe'.")]
    [InlineData("<event name='cpu_clock'/>", "XML error: Missing required attribute 'enabled' in element 'event'")]
    [InlineData("<event enabled='yes'/>", "XML error: Missing required attribute 'name' in element 'event'")]
    [InlineData("<event name='cpu_clock' enabled='yes'/><event name='cpu_clock' enabled='no'/>", "XML error: perf event 'cpu_clock' was already specified")]
    public void BadEvents_AreRefusedAsLibvirtRefusesThem(string perf, string message)
    {
        var e = Assert.Throws<VirException>(() => DomainXml.Parse(Doc(perf)));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void EmptyPerf_IsDropped()
    {
        var def = DomainXml.Parse(Doc(""));
        Assert.Null(def.Perf);
        Assert.DoesNotContain("<perf", DomainXml.Format(def), StringComparison.Ordinal);
    }

    [Fact]
    public void With_KeepsOthersAndLibvirtsOrder()
    {
        var perf = DomainXml.Parse(Doc("<event name='page_faults' enabled='no'/><event name='cpu_clock' enabled='yes'/>")).Perf;
        var changed = PerfDef.With(perf, [new("task_clock", true), new("cpu_clock", false), new("cmt", false)]);
        Assert.Equal(["cmt", "cpu_clock", "task_clock", "page_faults"], changed!.Events.Select(e => e.Name));
        Assert.Equal(["task_clock"], changed.Enabled);
        Assert.True(changed.IsEnabled("task_clock"));
        Assert.False(changed.IsEnabled("cpu_clock"));
    }

    [Fact]
    public void EventNames_AreLibvirtsTwentyTwoInItsOrder()
    {
        Assert.Equal(22, PerfEventNames.All.Count);
        Assert.Equal("cmt", PerfEventNames.All[0]);
        Assert.Equal(13, PerfEventNames.IndexOf("cpu_clock"));
        Assert.Equal("emulation_faults", PerfEventNames.All[^1]);
        Assert.Equal(-1, PerfEventNames.IndexOf("bogus"));
    }
}
