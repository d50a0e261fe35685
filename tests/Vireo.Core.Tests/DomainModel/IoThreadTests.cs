using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.DomainModel;

/// <summary>
/// IOThread ids as libvirtd 9.0 handles them (measured with its define/dumpxml): a given id list completed to the
/// count with the smallest free ids, the worker-pool bounds of each, the changes of iothreadadd/iothreaddel/
/// iothreadpin/iothreadset --config, and the refusals.
/// </summary>
public sealed class IoThreadTests
{
    private const string Head = "<domain type='qemu'><name>io</name><memory>65536</memory><vcpu>2</vcpu>";
    private const string Tail = "<os><type>hvm</type></os><devices>{0}</devices></domain>";

    private static DomainDef Defaulted(string threads, string devices = "") =>
        DomainDefaults.Apply(DomainXml.Parse(Head + threads + string.Format(System.Globalization.CultureInfo.InvariantCulture, Tail, devices)),
            () => Guid.Parse("11111111-2222-3333-4444-555555555555"), DomainDefaults.RandomMacs(new Random(1)));

    private static string Disk(string bus, string dev, uint io) =>
        $"<disk type='file' device='disk'><driver name='qemu' type='raw' iothread='{io}'/><source file='/x.img'/><target dev='{dev}' bus='{bus}'/></disk>";

    [Fact]
    public void A_given_id_list_is_completed_to_the_count_with_the_smallest_free_ids_in_libvirts_order()
    {
        var def = Defaulted("<iothreads>3</iothreads><iothreadids><iothread id='5'/><iothread id='2'/></iothreadids>");
        Assert.Equal([5u, 2u, 1u], def.IoThreadIds!.Select(t => t.Id));
        Assert.Equal(3u, def.IoThreads);
        Assert.Contains("<iothreads>3</iothreads>\n  <iothreadids>\n    <iothread id='5'/>\n    <iothread id='2'/>\n    <iothread id='1'/>\n  </iothreadids>",
            DomainXml.Format(def), StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_alone_stays_a_count_and_a_list_longer_than_the_count_raises_it()
    {
        var counted = Defaulted("<iothreads>2</iothreads>");
        Assert.Null(counted.IoThreadIds);
        Assert.Equal([1u, 2u], IoThreadSet.Ids(counted));
        Assert.DoesNotContain("iothreadids", DomainXml.Format(counted), StringComparison.Ordinal);

        var listed = Defaulted("<iothreads>0</iothreads><iothreadids><iothread id='5'/></iothreadids>");
        Assert.Equal(1u, listed.IoThreads);
        Assert.Equal([5u], IoThreadSet.Ids(listed));
    }

    [Fact]
    public void Adding_deleting_and_pinning_change_the_ids_and_pins_as_libvirt_writes_them()
    {
        var def = Defaulted("<iothreads>2</iothreads><iothreadids><iothread id='5'/></iothreadids><cputune><iothreadpin iothread='5' cpuset='1'/></cputune>");
        var added = IoThreadSet.With(def, 8);
        Assert.Equal([5u, 1u, 8u], added.IoThreadIds!.Select(t => t.Id));
        Assert.Equal(3u, added.IoThreads);

        var pinned = IoThreadSet.WithPin(IoThreadSet.WithPin(added, 8, CpuSet.Parse("0")), 1, CpuSet.Parse("1"));
        Assert.Equal(["5:1", "1:1", "8:0"], pinned.CpuTune!.IoThreadPins.Select(p => $"{p.IoThread}:{p.CpuSet}"));

        var deleted = IoThreadSet.Without(pinned, 5);
        Assert.Equal([1u, 8u], deleted.IoThreadIds!.Select(t => t.Id));
        Assert.Equal(2u, deleted.IoThreads);
        Assert.Equal(["1:1", "8:0"], deleted.CpuTune!.IoThreadPins.Select(p => $"{p.IoThread}:{p.CpuSet}"));
        DomainValidator.Validate(deleted);

        var none = IoThreadSet.Without(IoThreadSet.Without(deleted, 1), 8);
        Assert.Null(none.IoThreads);
        Assert.Null(none.IoThreadIds);
    }

    [Fact]
    public void Duplicate_and_zero_ids_are_refused_as_xml_errors()
    {
        var dup = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted("<iothreadids><iothread id='5'/><iothread id='5'/></iothreadids>")));
        Assert.Equal((VirErrorCode.XmlError, "XML error: domain 'io' has duplicate iothread id '5' in <iothreadids>"), (dup.Code, dup.Message));
        var zero = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted("<iothreadids><iothread id='0'/></iothreadids>")));
        Assert.Equal(VirErrorCode.XmlError, zero.Code);
        Assert.Contains("IOThread ids start at 1", zero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disk_must_name_an_existing_iothread_and_be_a_virtio_disk()
    {
        DomainValidator.Validate(Defaulted("<iothreads>1</iothreads>", Disk("virtio", "vda", 1)));
        var missing = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted("<iothreads>1</iothreads>", Disk("virtio", "vda", 7))));
        Assert.Equal((VirErrorCode.ConfigUnsupported, "unsupported configuration: domain 'io' has disk 'vda' using iothread '7', which is not defined (its IOThreads are 1)"),
            (missing.Code, missing.Message));
        var sata = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted("<iothreads>1</iothreads>", Disk("sata", "sda", 1))));
        Assert.Equal(VirErrorCode.ConfigUnsupported, sata.Code);
        Assert.Contains("IOThreads are available only for virtio disks", sata.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pin_of_a_missing_iothread_is_refused()
    {
        var e = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted("<iothreads>1</iothreads><cputune><iothreadpin iothread='6' cpuset='0'/></cputune>")));
        Assert.Equal((VirErrorCode.ConfigUnsupported, "unsupported configuration: domain 'io' pins IOThread 6 in <cputune>, but it has no such IOThread (its IOThreads are 1)"), (e.Code, e.Message));
    }

    [Fact]
    public void Pool_bounds_are_read_and_written_as_libvirt_writes_them()
    {
        var def = Defaulted("<iothreads>2</iothreads><iothreadids><iothread id='3' thread_pool_min='0' thread_pool_max='4'/><iothread id='1' thread_pool_max='8'/></iothreadids>");
        Assert.Equal([new IoThreadIdDef(3, 0, 4), new IoThreadIdDef(1, null, 8)], def.IoThreadIds);
        Assert.Contains("<iothreadids>\n    <iothread id='3' thread_pool_min='0' thread_pool_max='4'/>\n    <iothread id='1' thread_pool_max='8'/>\n  </iothreadids>",
            DomainXml.Format(def), StringComparison.Ordinal);
        DomainValidator.Validate(def);
    }

    [Fact]
    public void Setting_a_pool_writes_every_id_out_and_minus_one_is_kept_as_no_bound()
    {
        var counted = Defaulted("<iothreads>2</iothreads>");
        var bounded = IoThreadSet.WithPool(counted, 2, null, 5);
        Assert.Equal([new IoThreadIdDef(1), new IoThreadIdDef(2, null, 5)], bounded.IoThreadIds);
        Assert.Contains("<iothreads>2</iothreads>\n  <iothreadids>\n    <iothread id='1'/>\n    <iothread id='2' thread_pool_max='5'/>\n  </iothreadids>",
            DomainXml.Format(bounded), StringComparison.Ordinal);
        var cleared = IoThreadSet.WithPool(bounded, 2, null, null);
        Assert.Contains("<iothreadids>\n    <iothread id='1'/>\n    <iothread id='2'/>\n  </iothreadids>", DomainXml.Format(cleared), StringComparison.Ordinal); // as libvirt: the list stays
        Assert.Equal([new IoThreadIdDef(2, null, 5)], IoThreadSet.Without(bounded, 1).IoThreadIds); // iothreaddel keeps the others' bounds
    }

    [Theory]
    [InlineData("thread_pool_max='0'", "has IOThread 1 with thread_pool_max 0; thread_pool_max must be a positive integer")]
    [InlineData("thread_pool_min='3'", "has IOThread 1 with thread_pool_min 3 but no thread_pool_max; thread_pool_min needs a thread_pool_max at least as large")]
    [InlineData("thread_pool_min='5' thread_pool_max='2'", "has IOThread 1 with thread_pool_min 5 above its thread_pool_max 2; thread_pool_min must be smaller or equal to thread_pool_max")]
    public void Pool_bounds_libvirt_refuses_are_refused_as_unsupported_configurations(string attributes, string cause)
    {
        var e = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted($"<iothreadids><iothread id='1' {attributes}/></iothreadids>")));
        Assert.Equal((VirErrorCode.ConfigUnsupported, "unsupported configuration: domain 'io' " + cause), (e.Code, e.Message));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("2147483648")]
    public void A_pool_bound_that_is_no_non_negative_int_is_an_xml_error(string value)
    {
        var e = Assert.Throws<VirException>(() => Defaulted($"<iothreadids><iothread id='1' thread_pool_max='{value}'/></iothreadids>"));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Contains($"invalid value '{value}' for attribute 'thread_pool_max'", e.Message, StringComparison.Ordinal);
    }
}
