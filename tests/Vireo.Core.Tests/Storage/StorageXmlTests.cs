using Vireo.Core.Errors;
using Vireo.Core.Storage;
using Vireo.Core.Tests.Xml;

namespace Vireo.Core.Tests.Storage;

/// <summary>
/// Pool and volume XML against libvirtd 9.0's own output (Data/storage/libvirtd-*.xml were printed by
/// libvirtd's storage driver for the same pool and files: the numbers below are what it read) and against
/// the XML virt-install sends.
/// </summary>
public sealed class StorageXmlTests
{
    private static readonly Guid PoolUuid = Guid.Parse("9dac68e3-0faa-40c3-a179-6592d3264eae");
    private static readonly StorageFileFacts QcowFile = new(0x180, 0, 0, "1796036544.668132411", "1796036544.662296913", "1796036544.666296913");

    [Fact]
    public void An_active_pool_prints_its_file_system_sizes_and_directory_permissions_as_libvirtd()
    {
        var def = new StoragePoolDef("p1", PoolUuid, "/tmp/lvpool1");
        var xml = StoragePoolXml.Format(def, new StoragePoolSizes(270553174016, 16733638656, 253819535360),
            new StorageFileFacts(0x1ed, 0, 0, "", "", ""));
        Assert.Equal(Corpus.Read("storage", "libvirtd-pool-active.xml"), xml);
    }

    [Fact]
    public void A_pool_never_started_prints_zero_sizes_and_no_permissions_as_libvirtd()
    {
        var def = StoragePoolXml.Parse(Corpus.Read("storage", "libvirtd-pool-inactive.xml"));
        Assert.Equal(("gold", Guid.Parse("d146cbac-48aa-45a1-a07f-8fd97afe31ab"), "/srv/images"), (def.Name, def.Uuid, def.TargetPath));
        Assert.Equal(Corpus.Read("storage", "libvirtd-pool-inactive.xml"), StoragePoolXml.Format(def, default, null));
    }

    [Fact]
    public void Active_pool_xml_parses_back_to_its_definition_with_the_directory_permissions()
    {
        var def = StoragePoolXml.Parse(Corpus.Read("storage", "libvirtd-pool-active.xml"));
        Assert.Equal(new StoragePoolDef("p1", PoolUuid, "/tmp/lvpool1", new StoragePermissions(0x1ed, 0, 0)), def);
    }

    [Fact]
    public void Virt_install_pool_xml_gets_a_new_uuid_and_a_clean_target_path()
    {
        var def = StoragePoolXml.Parse(Corpus.Read("storage", "virt-install-pool.xml"));
        Assert.Equal(("images", "/var/tmp/vm images"), (def.Name, def.TargetPath));
        Assert.NotEqual(Guid.Empty, def.Uuid);
        Assert.NotEqual(def.Uuid, StoragePoolXml.Parse(Corpus.Read("storage", "virt-install-pool.xml")).Uuid);
    }

    [Fact]
    public void A_qcow2_volume_prints_as_libvirtd_with_its_cluster_size()
    {
        var v = new StorageVolReport("a.qcow2", "/tmp/lvpool1/a.qcow2", VolumeFormat.Qcow2, 1073741824, 200704, 196624, QcowFile, 65536);
        Assert.Equal(Corpus.Read("storage", "libvirtd-vol-qcow2.xml"), StorageVolXml.Format(v));
    }

    [Fact]
    public void A_raw_volume_prints_as_libvirtd()
    {
        var file = new StorageFileFacts(0x180, 0, 0, "1796036544.694296914", "1796036544.691674909", "1796036544.691674909");
        var v = new StorageVolReport("b.img", "/tmp/lvpool1/b.img", VolumeFormat.Raw, 10485760, 10485760, 10485760, file);
        Assert.Equal(Corpus.Read("storage", "libvirtd-vol-raw.xml"), StorageVolXml.Format(v));
    }

    [Fact]
    public void An_overlay_prints_its_backing_store_as_libvirtd()
    {
        var file = new StorageFileFacts(0x180, 0, 0, "1796036613.638453157", "1796036613.634300390", "1796036613.638384488");
        var v = new StorageVolReport("ov.qcow2", "/tmp/lvpool1/ov.qcow2", VolumeFormat.Qcow2, 1073741824, 200704, 196624, file, 65536,
            new StorageBackingReport("/tmp/lvpool1/a.qcow2", VolumeFormat.Qcow2, QcowFile));
        Assert.Equal(Corpus.Read("storage", "libvirtd-vol-backing.xml"), StorageVolXml.Format(v));
    }

    [Fact]
    public void A_version_3_qcow2_prints_its_compat_and_features_around_the_cluster_size_as_libvirtd()
    {
        var file = new StorageFileFacts(0x1a4, 0, 0, "1796037841.362362284", "1796037841.358362284", "1796037841.358362284");
        var baseFile = new StorageFileFacts(0x1a4, 0, 0, "1796037841.334362282", "1796037841.331012918", "1796037841.331012918");
        var v = new StorageVolReport("top.qcow2", "/tmp/cmp2L/top.qcow2", VolumeFormat.Qcow2, 67108864, 200704, 196616, file, 65536,
            new StorageBackingReport("/tmp/cmp2L/base.qcow2", VolumeFormat.Qcow2, baseFile), new Qcow2Features("1.1", false));
        Assert.Equal(Corpus.Read("storage", "libvirtd-vol-qcow2-v3.xml"), StorageVolXml.Format(v));
    }

    [Fact]
    public void Virt_install_volume_xml_asks_for_a_sparse_qcow2()
    {
        var def = StorageVolXml.Parse(Corpus.Read("storage", "virt-install-vol.xml"));
        Assert.Equal(new StorageVolDef("web1.qcow2", 1UL << 30, 0, VolumeFormat.Qcow2, LazyRefcounts: true, Compat: "1.1"), def);
    }

    [Fact]
    public void Volume_xml_from_libvirtd_parses_back_with_its_backing_store()
    {
        var def = StorageVolXml.Parse(Corpus.Read("storage", "libvirtd-vol-backing.xml"));
        Assert.Equal(new StorageVolDef("ov.qcow2", 1073741824, 200704, VolumeFormat.Qcow2, "/tmp/lvpool1/a.qcow2", VolumeFormat.Qcow2, 0x180), def);
    }

    [Theory]
    [InlineData("<volume><name>v</name><capacity unit='G'>2</capacity></volume>", 2UL << 30, 2UL << 30)]
    [InlineData("<volume><name>v</name><capacity unit='MB'>3</capacity><allocation unit='KiB'>4</allocation></volume>", 3000000UL, 4096UL)]
    [InlineData("<volume><name>v</name><capacity>10</capacity><allocation>99</allocation></volume>", 10UL, 10UL)]
    public void Sizes_take_libvirts_units_and_a_missing_allocation_is_the_capacity(string xml, ulong capacity, ulong allocation)
    {
        var def = StorageVolXml.Parse(xml);
        Assert.Equal((capacity, allocation, VolumeFormat.Raw), (def.Capacity, def.Allocation, def.Format));
    }

    // Codes, domains and words as libvirtd 9.0 answered the same XML (python-libvirt, by hand).
    [Theory]
    [InlineData("<pool type='dir'><name>x</name></pool>", VirErrorCode.XmlError, VirErrorDomain.Storage, "XML error: missing storage pool target path")]
    [InlineData("<pool type='foo'><name>x</name></pool>", VirErrorCode.XmlError, VirErrorDomain.Xml, "XML error: Invalid value for attribute 'type' in element 'pool': 'foo'.")]
    [InlineData("<pool><name>x</name></pool>", VirErrorCode.XmlError, VirErrorDomain.Xml, "XML error: Missing required attribute 'type' in element 'pool'")]
    [InlineData("<pool type='dir'><target><path>/tmp/q</path></target></pool>", VirErrorCode.XmlError, VirErrorDomain.Storage, "XML error: missing pool source name element")]
    [InlineData("<pool type='dir'><name>a/b</name><target><path>/tmp/q</path></target></pool>", VirErrorCode.XmlError, VirErrorDomain.Storage, "XML error: name a/b cannot contain '/'")]
    [InlineData("<pool type='dir'><name>u</name><uuid>zz</uuid><target><path>/tmp/q</path></target></pool>", VirErrorCode.XmlError, VirErrorDomain.Storage, "XML error: malformed uuid element")]
    [InlineData("<domain type='kvm'><name>x</name></domain>", VirErrorCode.XmlError, VirErrorDomain.Xml, "XML error: expecting root element of 'pool', not 'domain'")]
    [InlineData("<pool type='logical'><name>lg</name><target><path>/dev/lg</path></target></pool>", VirErrorCode.ConfigUnsupported, VirErrorDomain.Storage,
        "unsupported configuration: storage pool type 'logical' is not supported by Vireo; only 'dir' pools are")]
    public void Bad_pool_xml_is_refused_as_libvirtd_refuses_it(string xml, VirErrorCode code, VirErrorDomain domain, string message)
    {
        var e = Assert.Throws<VirException>(() => StoragePoolXml.Parse(xml));
        Assert.Equal((code, domain, message), (e.Code, e.ErrorDomain, e.Message));
    }

    [Theory]
    [InlineData("<volume><name>q</name></volume>", VirErrorCode.XmlError, "XML error: missing capacity element")]
    [InlineData("<volume><capacity>1</capacity></volume>", VirErrorCode.XmlError, "XML error: missing volume name element")]
    [InlineData("<volume><name>q/x</name><capacity>1</capacity></volume>", VirErrorCode.OperationInvalid, "Requested operation is not valid: volume name 'q/x' cannot contain '/'")]
    [InlineData("<volume><name>q</name><capacity>1</capacity><target><format type='vmdkx'/></target></volume>", VirErrorCode.ConfigUnsupported, "unsupported configuration: unknown volume format type vmdkx")]
    public void Bad_volume_xml_is_refused_as_libvirtd_refuses_it(string xml, VirErrorCode code, string message)
    {
        var e = Assert.Throws<VirException>(() => StorageVolXml.Parse(xml));
        Assert.Equal((code, VirErrorDomain.Storage, message), (e.Code, e.ErrorDomain, e.Message));
    }

    [Fact]
    public void A_volume_document_with_another_root_is_refused_as_libvirtd_refuses_it()
    {
        var e = Assert.Throws<VirException>(() => StorageVolXml.Parse("<domain><name>x</name></domain>"));
        Assert.Equal((VirErrorCode.XmlError, VirErrorDomain.Xml, "XML error: expecting root element of 'volume', not 'domain'"), (e.Code, e.ErrorDomain, e.Message));
    }

    [Fact]
    public void Malformed_xml_names_the_document_and_line_as_libvirtd_does()
    {
        var e = Assert.Throws<VirException>(() => StoragePoolXml.Parse("garbage"));
        Assert.Equal((VirErrorCode.XmlDetail, VirErrorDomain.Storage), (e.Code, e.ErrorDomain));
        Assert.StartsWith("(storage_pool_definition):1: ", e.Message);
    }

    [Fact]
    public void A_backing_store_on_a_raw_volume_is_refused_before_anything_is_written()
    {
        var def = StorageVolXml.Parse("<volume><name>bk.raw</name><capacity>1048576</capacity><backingStore><path>/tmp/a.qcow2</path></backingStore></volume>");
        var e = Assert.Throws<VirException>(() => StorageVolXml.CheckCreatable(def));
        Assert.Equal((VirErrorCode.NoSupport, "this function is not supported by the connection driver: backing storage not supported for raw volumes"), (e.Code, e.Message));
    }
    [Theory]
    [InlineData("qcow2", "", null, false)]
    [InlineData("qcow2", "<compat>1.1</compat>", "1.1", false)]
    [InlineData("qcow2", "<compat> </compat>", null, false)]
    [InlineData("qcow2", "<features/>", "1.1", false)]
    [InlineData("qcow2", "<compat>0.10</compat><features/>", "0.10", false)]
    [InlineData("qcow2", "<features><lazy_refcounts/></features>", "1.1", true)]
    [InlineData("raw", "<compat>1.1</compat><features><lazy_refcounts/></features>", null, false)]
    public void A_volumes_compat_level_and_features_are_read_as_libvirt_reads_them(string format, string target, string? compat, bool lazy)
    {
        var def = StorageVolXml.Parse($"<volume><name>v</name><capacity>1</capacity><target><format type='{format}'/>{target}</target></volume>");
        Assert.Equal((compat, lazy), (def.Compat, def.LazyRefcounts));
    }

    [Theory]
    [InlineData("<compat>2</compat>", VirErrorCode.XmlError, "XML error: forbidden characters in 'compat' attribute")]
    [InlineData("<compat>1.1.1</compat>", VirErrorCode.XmlError, "XML error: forbidden characters in 'compat' attribute")]
    [InlineData("<features><foo/></features>", VirErrorCode.ConfigUnsupported, "unsupported configuration: unsupported feature foo")]
    [InlineData("<compat>0.10</compat><features><lazy_refcounts/></features>", VirErrorCode.ConfigUnsupported,
        "unsupported configuration: lazy_refcounts not supported with compat level 0.10")]
    public void A_bad_compat_level_or_feature_is_refused_in_libvirts_words(string target, VirErrorCode code, string message)
    {
        var e = Assert.Throws<VirException>(() =>
            StorageVolXml.Parse($"<volume><name>v</name><capacity>1</capacity><target><format type='qcow2'/>{target}</target></volume>"));
        Assert.Equal((code, message), (e.Code, e.Message));
    }
}
