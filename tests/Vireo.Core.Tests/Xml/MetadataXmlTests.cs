using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>libvirt's metadata element rules (observed on libvirtd 9.0) on the stored &lt;metadata&gt; text.</summary>
public sealed class MetadataXmlTests
{
    [Fact]
    public void An_element_is_stored_under_its_uri_with_the_key_as_prefix_and_read_back_without_it()
    {
        var stored = MetadataXml.Set(null, "<foo a=\"1\"><bar/></foo>", "app", "http://a/");
        Assert.Equal("<app:foo xmlns:app=\"http://a/\" a=\"1\">\n  <app:bar/>\n</app:foo>\n", stored);
        Assert.Equal("<foo a=\"1\">\n  <bar/>\n</foo>", MetadataXml.Get(stored, "http://a/"));
        Assert.Null(MetadataXml.Get(stored, "http://a"));
    }

    [Fact]
    public void Setting_replaces_the_uris_element_at_the_end_and_removing_leaves_the_others()
    {
        var s = MetadataXml.Set(null, "<a/>", "ka", "http://A/");
        s = MetadataXml.Set(s, "<b/>", "kb", "http://B/");
        s = MetadataXml.Set(s, "<a2/>", "kz", "http://A/");
        Assert.Equal("<kb:b xmlns:kb=\"http://B/\"/>\n<kz:a2 xmlns:kz=\"http://A/\"/>\n", s);
        Assert.Equal("<b/>", MetadataXml.Get(s, "http://B/"));
        Assert.Equal("<kz:a2 xmlns:kz=\"http://A/\"/>\n", MetadataXml.Set(s, null, null, "http://B/"));
        Assert.Null(MetadataXml.Set(MetadataXml.Set(s, null, null, "http://B/"), null, null, "http://A/"));
    }

    [Fact]
    public void Elements_already_in_a_namespace_keep_it_and_mixed_content_stays_on_one_line()
    {
        // libvirt gives the key's namespace only to elements that have none.
        var s = MetadataXml.Set(null, "<p:a xmlns:p='http://other/'><p:c/><d/></p:a>", "k", "http://y/");
        Assert.Equal("<p:a xmlns:p=\"http://other/\" xmlns:k=\"http://y/\">\n  <p:c/>\n  <k:d/>\n</p:a>\n", s);
        Assert.Null(MetadataXml.Get(s, "http://y/"));
        Assert.Equal("<a x=\"1\">t<b/></a>", MetadataXml.Get(MetadataXml.Set(null, "<a x='1'>t<b/></a>", "k", "http://m/"), "http://m/"));
    }

    [Theory]
    [InlineData("<a/><b/>")]
    [InlineData("hello")]
    [InlineData("")]
    public void What_is_not_one_element_is_libvirts_xml_detail_error(string xml)
    {
        var e = Assert.Throws<VirException>(() => MetadataXml.Set(null, xml, "k", "http://x/"));
        Assert.Equal((VirErrorCode.XmlDetail, VirErrorDomain.Domain), (e.Code, e.ErrorDomain));
        Assert.StartsWith("(metadata_xml):1: ", e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1bad")]
    [InlineData("a:b")]
    public void A_key_that_is_no_xml_prefix_is_refused_as_libvirt_refuses_it(string key)
    {
        var e = Assert.Throws<VirException>(() => MetadataXml.Set(null, "<a/>", key, "http://x/"));
        Assert.Equal((VirErrorCode.InternalError, VirErrorDomain.Xml, "failed to validate prefix for a new XML namespace"), (e.Code, e.ErrorDomain, e.Detail));
    }
}
