using Vireo.Core.Capabilities;

namespace Vireo.Core.Tests.Capabilities;

public sealed class DomainCapabilitiesXmlTests
{
    private static readonly CapabilityEnum Yn = new("readonly", ["yes", "no"]);

    internal static DomainCapabilities Sample(string type = "qemu") => new()
    {
        EmulatorPath = "/usr/bin/qemu-system-x86_64",
        DomainType = type,
        Machine = "pc-i440fx-7.2",
        Arch = "x86_64",
        MaxVcpus = 255,
        IoThreads = true,
        Os = new CapabilityGroup(true, [new CapabilityEnum("firmware", ["efi"])]),
        Loader = new LoaderCapability(true, ["/usr/share/OVMF/OVMF_CODE_4M.fd"], [new CapabilityEnum("type", ["rom", "pflash"]), Yn]),
        Cpu = new CpuModes
        {
            HostPassthrough = type == "kvm",
            Maximum = true,
            HostModel = false,
            Custom = true,
            CustomModels = [new CpuModelCapability("qemu64", "yes", "unknown"), new CpuModelCapability("Haswell", "no", "Intel", Deprecated: true)],
        },
        MemoryBacking = new CapabilityGroup(true, [new CapabilityEnum("sourceType", ["file", "anonymous", "memfd"])]),
        Devices =
        [
            new NamedCapability("disk", true, [new CapabilityEnum("diskDevice", ["disk", "cdrom"]), new CapabilityEnum("bus", ["ide", "virtio"])]),
            new NamedCapability("graphics", true, [new CapabilityEnum("type", ["vnc", "spice"])]),
            new NamedCapability("hostdev", false),
            new NamedCapability("channel", true, [new CapabilityEnum("type", ["pty", "unix"])]),
        ],
        Features = [new NamedCapability("vmcoreinfo", true), new NamedCapability("genid", true), new NamedCapability("backup", false), new NamedCapability("sev", false)],
    };

    private const string Expected = """
        <domainCapabilities>
          <path>/usr/bin/qemu-system-x86_64</path>
          <domain>qemu</domain>
          <machine>pc-i440fx-7.2</machine>
          <arch>x86_64</arch>
          <vcpu max='255'/>
          <iothreads supported='yes'/>
          <os supported='yes'>
            <enum name='firmware'>
              <value>efi</value>
            </enum>
            <loader supported='yes'>
              <value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>
              <enum name='type'>
                <value>rom</value>
                <value>pflash</value>
              </enum>
              <enum name='readonly'>
                <value>yes</value>
                <value>no</value>
              </enum>
            </loader>
          </os>
          <cpu>
            <mode name='host-passthrough' supported='no'/>
            <mode name='maximum' supported='yes'/>
            <mode name='host-model' supported='no'/>
            <mode name='custom' supported='yes'>
              <model usable='yes' vendor='unknown'>qemu64</model>
              <model usable='no' deprecated='yes' vendor='Intel'>Haswell</model>
            </mode>
          </cpu>
          <memoryBacking supported='yes'>
            <enum name='sourceType'>
              <value>file</value>
              <value>anonymous</value>
              <value>memfd</value>
            </enum>
          </memoryBacking>
          <devices>
            <disk supported='yes'>
              <enum name='diskDevice'>
                <value>disk</value>
                <value>cdrom</value>
              </enum>
              <enum name='bus'>
                <value>ide</value>
                <value>virtio</value>
              </enum>
            </disk>
            <graphics supported='yes'>
              <enum name='type'>
                <value>vnc</value>
                <value>spice</value>
              </enum>
            </graphics>
            <hostdev supported='no'/>
            <channel supported='yes'>
              <enum name='type'>
                <value>pty</value>
                <value>unix</value>
              </enum>
            </channel>
          </devices>
          <features>
            <vmcoreinfo supported='yes'/>
            <genid supported='yes'/>
            <backup supported='no'/>
            <sev supported='no'/>
          </features>
        </domainCapabilities>

        """;

    [Fact]
    public void Format_WritesLibvirtsLayout()
    {
        Assert.Equal(Expected, DomainCapabilitiesXml.Format(Sample()));
    }

    [Theory]
    [InlineData("qemu")]
    [InlineData("kvm")]
    public void Format_ValidatesAgainstLibvirtsSchema(string type)
    {
        var (valid, output) = SchemaValidator.Validate(DomainCapabilitiesXml.Format(Sample(type)), "domaincaps.rng");
        Assert.True(valid, output);
    }

    [Fact]
    public void Format_WritesTheHostModelOnlyWhenSupported()
    {
        var caps = Sample() with { Cpu = Sample().Cpu! with { HostModel = true, HostModelName = "Broadwell-noTSX-IBRS", HostModelVendor = "Intel" } };
        var xml = DomainCapabilitiesXml.Format(caps);
        Assert.Contains("<mode name='host-model' supported='yes'>", xml);
        Assert.Contains("<model fallback='forbid'>Broadwell-noTSX-IBRS</model>", xml);
        var (valid, output) = SchemaValidator.Validate(xml, "domaincaps.rng");
        Assert.True(valid, output);
    }

    [Fact]
    public void Format_MinimalDocumentIsValid()
    {
        var xml = DomainCapabilitiesXml.Format(new DomainCapabilities { EmulatorPath = "/usr/bin/qemu-system-x86_64", DomainType = "qemu", Arch = "x86_64" });
        Assert.Equal("<domainCapabilities>\n  <path>/usr/bin/qemu-system-x86_64</path>\n  <domain>qemu</domain>\n  <arch>x86_64</arch>\n</domainCapabilities>\n", xml);
        Assert.True(SchemaValidator.Validate(xml, "domaincaps.rng").Valid);
    }
}
