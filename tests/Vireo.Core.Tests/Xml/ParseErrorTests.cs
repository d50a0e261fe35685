using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>Every class of bad input gets libvirt's error code and a sentence naming what is wrong.</summary>
public sealed class ParseErrorTests
{
    private static VirException Fails(string xml) => Assert.Throws<VirException>(() => DomainXml.Parse(xml));

    [Fact]
    public void MissingTypeAttribute_IsLibvirtsInternalError()
    {
        // Exactly what libvirtd answered for tools/libvirt-xml/bad.xml (captures/err_badxml.out).
        var e = Fails("<domain><name>x</name></domain>");
        Assert.Equal(VirErrorCode.InternalError, e.Code);
        Assert.Equal(VirErrorDomain.Domain, e.ErrorDomain);
        Assert.Equal("internal error: missing domain type attribute", e.Message);
    }

    [Fact]
    public void MissingName_IsLibvirtsNoName()
    {
        var e = Fails("<domain type='qemu'><os><type>hvm</type></os></domain>");
        Assert.Equal(VirErrorCode.NoName, e.Code);
        Assert.Equal(VirErrorDomain.Domain, e.ErrorDomain);
        Assert.Equal("missing name information", e.Message);
    }

    [Fact]
    public void MalformedXml_IsXmlErrorWithLineAndColumn()
    {
        var e = Fails("<domain type='qemu'>\n  <name>x</name>\n  <memory>1</mem>\n</domain>");
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.StartsWith("XML error: the domain XML is not well-formed XML: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentTypeDeclarations_AreRefused()
    {
        // No DTDs means no entity expansion (billion laughs, external entities).
        var e = Fails("<!DOCTYPE domain [<!ENTITY x 'y'>]><domain type='qemu'><name>&x;</name></domain>");
        Assert.Equal(VirErrorCode.XmlError, e.Code);
    }

    [Fact]
    public void WrongRootElement_IsXmlError()
    {
        var e = Fails("<network><name>default</name></network>");
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal("XML error: expecting root element of 'domain', not 'network'", e.Message);
    }

    [Fact]
    public void UnknownDomainType_IsRefused()
    {
        var e = Fails("<domain type='xen'><name>x</name></domain>");
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal("unsupported configuration: domain type 'xen' is not supported by Vireo; expected one of: qemu, kvm, lxc", e.Message);
    }

    [Theory]
    [InlineData("<hostdev mode='subsystem' type='pci'/>", "hostdev")]
    [InlineData("<smartcard mode='host'/>", "smartcard")]
    [InlineData("<redirdev bus='usb' type='spicevmc'/>", "redirdev")]
    [InlineData("<tpm model='tpm-tis'/>", "tpm")]
    [InlineData("<parallel type='pty'/>", "parallel")]
    [InlineData("<hub type='usb'/>", "hub")]
    [InlineData("<shmem name='x'/>", "shmem")]
    [InlineData("<lease/>", "lease")]
    public void DevicesVireoDoesNotModel_AreRefusedByName(string device, string element)
    {
        var e = Fails(Doc.Vm(device));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal(VirErrorDomain.Domain, e.ErrorDomain);
        Assert.Equal($"unsupported configuration: element <{element}> in <devices> is not supported by Vireo", e.Message);
    }

    [Theory]
    [InlineData("<sysinfo type='smbios'/>", "sysinfo", "domain")]
    [InlineData("<on_lockfailure>poweroff</on_lockfailure>", "on_lockfailure", "domain")]
    [InlineData("<features><viridian/></features>", "viridian", "features")]
    [InlineData("<features><gic version='2'/></features>", "gic", "features")]
    [InlineData("<cpu><cache mode='passthrough'/></cpu>", "cache", "cpu")]
    [InlineData("<memtune><foo_limit>1</foo_limit></memtune>", "foo_limit", "memtune")]
    public void TopLevelElementsVireoDoesNotModel_AreRefusedByName(string top, string element, string parent)
    {
        var e = Fails(Doc.Vm(top: top));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal($"unsupported configuration: element <{element}> in <{parent}> is not supported by Vireo", e.Message);
    }

    [Fact]
    public void ElementsInForeignNamespaces_AreRefusedWithTheirPrefix()
    {
        var xml = Doc.Vm(top: "<qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:arg value='-S'/></qemu:commandline>");
        Assert.Equal("unsupported configuration: element <qemu:commandline> in <domain> is not supported by Vireo", Fails(xml).Message);
    }

    [Theory]
    [InlineData("<disk type='file' device='disk' foo='1'><source file='/a'/><target dev='vda'/></disk>", "foo", "disk")]
    [InlineData("<disk type='file'><source file='/a' startupPolicy='optional'/><target dev='vda'/></disk>", "startupPolicy", "source")]
    [InlineData("<disk type='file'><source dev='/dev/sda'/><target dev='vda'/></disk>", "dev", "source")]
    [InlineData("<disk type='file'><driver name='qemu' copy_on_read='on'/><source file='/a'/><target dev='vda'/></disk>", "copy_on_read", "driver")]
    [InlineData("<interface type='user'><source network='default'/></interface>", "network", "source")]
    [InlineData("<memballoon model='virtio' deflate='on'/>", "deflate", "memballoon")]
    public void AttributesVireoDoesNotCarry_AreRefusedByName(string device, string attribute, string element)
    {
        var e = Fails(Doc.Vm(device));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal($"unsupported configuration: attribute '{attribute}' of <{element}> is not supported by Vireo", e.Message);
    }

    [Fact]
    public void MarkerFeatureWithState_IsRefused()
    {
        // libvirt's schema has no state on <acpi>: keeping it would be a silent drop.
        var e = Fails(Doc.Vm(top: "<features><acpi state='off'/></features>"));
        Assert.Equal("unsupported configuration: attribute 'state' of <acpi> is not supported by Vireo", e.Message);
    }

    [Fact]
    public void StrayText_IsRefused()
    {
        var e = Fails(Doc.Vm(top: "<features>acpi</features>"));
        Assert.Equal("unsupported configuration: text 'acpi' in <features> is not supported by Vireo", e.Message);
    }

    [Fact]
    public void UnknownEnumValue_NamesValueElementDomainAndChoices()
    {
        var e = Fails(Doc.Vm("<disk type='file'><source file='/a'/><target dev='vda' bus='floppybus'/></disk>"));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal("unsupported configuration: unknown value 'floppybus' for attribute 'bus' of <target> in domain 'web1'; "
            + "expected one of: virtio, sata, ide, scsi, usb, fdc", e.Message);
    }

    [Fact]
    public void UnknownControllerModel_ListsTheModelsOfThatType()
    {
        var e = Fails(Doc.Vm("<controller type='usb' index='0' model='turbo-xhci'/>"));
        Assert.StartsWith("unsupported configuration: unknown value 'turbo-xhci' for attribute 'model' of <controller> in domain 'web1'; expected one of: piix3-uhci,", e.Message, StringComparison.Ordinal);
        Assert.Contains("qemu-xhci", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLifecycleAction_IsRefused()
    {
        var e = Fails(Doc.Vm(top: "<on_reboot>coredump-restart</on_reboot>"));
        Assert.Equal("unsupported configuration: unknown value 'coredump-restart' for <on_reboot> in domain 'web1'; "
            + "expected one of: destroy, restart, preserve, rename-restart", e.Message);
    }

    [Theory]
    [InlineData("<memory unit='furlongs'>1</memory>", "invalid memory size in <memory> in domain 'web1': unknown unit 'furlongs'")]
    [InlineData("<memory unit='KiB'>-5</memory>", "invalid memory size in <memory> in domain 'web1': memory size '-5' is negative")]
    [InlineData("<memory unit='KiB'>lots</memory>", "invalid memory size in <memory> in domain 'web1': 'lots' is not a valid memory size")]
    [InlineData("<memory unit='EiB'>100</memory>", "invalid memory size in <memory> in domain 'web1': memory size '100EiB' is too large")]
    public void BadMemory_IsXmlErrorNamingElementValueAndDomain(string memory, string detail)
    {
        var xml = Doc.Vm().Replace("<memory unit='KiB'>262144</memory>", memory, StringComparison.Ordinal);
        var e = Fails(xml);
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal("XML error: " + detail, e.Message);
    }

    [Theory]
    [InlineData("52:54:00:zz:00:01", "XML error: invalid MAC address '52:54:00:zz:00:01' in <mac> of an interface in domain 'web1'")]
    [InlineData("52:54:00:00:01", "XML error: invalid MAC address '52:54:00:00:01' in <mac> of an interface in domain 'web1'")]
    [InlineData("01:00:5e:00:00:01", "XML error: MAC address '01:00:5e:00:00:01' of an interface in domain 'web1' is a multicast address; a unicast address is required")]
    public void BadMac_IsRefusedWithTheAddress(string mac, string message)
    {
        var e = Fails(Doc.Vm($"<interface type='user'><mac address='{mac}'/></interface>"));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void BadUuid_IsXmlErrorWithTheValue()
    {
        var e = Fails(Doc.Vm().Replace("72741797-7e6c-4fe4-85aa-7c14f559a862", "not-a-uuid", StringComparison.Ordinal));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal("XML error: invalid UUID 'not-a-uuid' in <uuid> of domain 'web1'", e.Message);
    }

    [Theory]
    [InlineData("<vcpu>two</vcpu>", "XML error: invalid value 'two' for <vcpu> in domain 'web1': expected a non-negative integer in range")]
    [InlineData("<vcpu current='-1'>2</vcpu>", "XML error: invalid value '-1' for attribute 'current' of <vcpu> in domain 'web1': expected a non-negative integer in range")]
    [InlineData("<vcpu cpuset='0-x'>2</vcpu>", "XML error: invalid CPU set '0-x' in attribute 'cpuset' of <vcpu> in domain 'web1': '0-x' is not a valid range")]
    [InlineData("<vcpu cpuset='3-1'>2</vcpu>", "XML error: invalid CPU set '3-1' in attribute 'cpuset' of <vcpu> in domain 'web1': range '3-1' goes backwards")]
    public void BadNumbers_AreXmlErrorsNamingTheAttribute(string vcpu, string message)
    {
        var e = Fails(Doc.Vm().Replace("<vcpu>2</vcpu>", vcpu, StringComparison.Ordinal));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void BadNodeset_IsXmlError()
    {
        var e = Fails(Doc.Vm(top: "<numatune><memory mode='strict' nodeset='a'/></numatune>"));
        Assert.Equal("XML error: invalid node set 'a' in attribute 'nodeset' of <memory> in domain 'web1': 'a' is not a valid id", e.Message);
    }

    [Fact]
    public void RepeatedSingleElement_IsRefused()
    {
        var e = Fails(Doc.Vm().Replace("<vcpu>2</vcpu>", "<vcpu>2</vcpu><vcpu>3</vcpu>", StringComparison.Ordinal));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal("XML error: element <vcpu> appears more than once in <domain> in domain 'web1'", e.Message);
    }

    [Fact]
    public void MissingRequiredAttribute_NamesItAndTheElement()
    {
        var e = Fails(Doc.Vm("<disk type='file'><source file='/a'/><target bus='virtio'/></disk>"));
        Assert.Equal("XML error: attribute 'dev' is missing from <target> in domain 'web1'", e.Message);
    }

    [Fact]
    public void MissingOs_IsLibvirtsNoOs()
    {
        var e = Fails("<domain type='qemu'><name>web1</name></domain>");
        Assert.Equal(VirErrorCode.NoOs, e.Code);
        Assert.Equal("missing operating system information for domain 'web1'", e.Message);
    }

    [Fact]
    public void NameWithSlash_IsRefused() =>
        Assert.Equal("XML error: name a/b cannot contain '/'", Fails(Doc.Vm(name: "a/b")).Message);

    [Fact]
    public void TwoWatchdogs_AreRefused()
    {
        var e = Fails(Doc.Vm("<watchdog model='ib700'/><watchdog model='i6300esb'/>"));
        Assert.Equal("XML error: element <watchdog> appears more than once in <devices> in domain 'web1'", e.Message);
    }

    [Fact]
    public void UnknownCapabilityName_IsRefused()
    {
        var e = Fails(Doc.Ct(top: "<features><capabilities policy='deny'><sys_magic state='on'/></capabilities></features>"));
        Assert.StartsWith("unsupported configuration: unknown value 'sys_magic' for a capability element in <capabilities>; expected one of: audit_control,", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<timer name='pit' track='guest'/>", "track", "timer")]
    [InlineData("<timer name='rtc' mode='native'/>", "mode", "timer")]
    [InlineData("<timer name='kvmclock' tickpolicy='delay'/>", "tickpolicy", "timer")]
    public void TimerAttributesForOtherTimers_AreRefused(string timer, string attribute, string element)
    {
        var e = Fails(Doc.Vm(top: $"<clock offset='utc'>{timer}</clock>"));
        Assert.Equal($"unsupported configuration: attribute '{attribute}' of <{element}> is not supported by Vireo", e.Message);
    }

    [Theory]
    [InlineData("vd", "invalid disk target 'vd' in domain 'web1'")]
    [InlineData("disk0", "invalid disk target 'disk0' in domain 'web1'")]
    public void BadDiskTarget_IsRefused(string dev, string start)
    {
        var e = Fails(Doc.Vm($"<disk type='file'><source file='/a'/><target dev='{dev}'/></disk>"));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.StartsWith("XML error: " + start, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeclabelNoneWithRelabelYes_IsRefused() =>
        Assert.Equal("XML error: <seclabel> of type 'none' in domain 'web1' must have relabel='no'",
            Fails(Doc.Vm(top: "<seclabel type='none' relabel='yes'/>")).Message);
}
