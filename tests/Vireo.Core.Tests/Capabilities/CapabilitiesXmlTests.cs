using Vireo.Core.Capabilities;

namespace Vireo.Core.Tests.Capabilities;

public sealed class CapabilitiesXmlTests
{
    /// <summary>The shape of this machine's host (one cell, 2 CPUs) with a TCG-only x86_64 guest.</summary>
    internal static HostCapabilities Sample(PauseLoopExiting? ple = null, bool kvm = false) => new()
    {
        Host = new HostDescription
        {
            Uuid = Guid.Parse("d6088123-380b-48b1-9c4f-c44c29228b85"),
            Cpu = new HostCpu
            {
                Arch = "x86_64",
                Model = "Broadwell-noTSX-IBRS",
                Vendor = "Intel",
                Microcode = 0xf0,
                Signature = new CpuSignature(6, 61, 2),
                Topology = new CpuTopology(1, 1, 2, 1),
                MaxPhysAddrBits = 39,
                Features = ["vme", "ss"],
                PageSizesKiB = [4, 2048],
            },
            IommuSupport = false,
            LiveMigration = true,
            MigrationTransports = ["tcp"],
            Cells =
            [
                new NumaCell
                {
                    Id = 0,
                    MemoryKiB = 6777044,
                    Pages = [(4, 1694261), (2048, 0)],
                    Distances = [(0, 10)],
                    Cpus = [new NumaCpu(0, 0, 0, 0, "0"), new NumaCpu(1, 0, 0, 1, "1")],
                },
            ],
            SecurityModels = [new SecurityModel("none", "0", [])],
            PauseLoopExiting = ple,
        },
        Guests =
        [
            new GuestCapability
            {
                OsType = "hvm",
                Arch = "x86_64",
                WordSize = 64,
                Emulator = "/usr/bin/qemu-system-x86_64",
                Machines = [new MachineType("pc-i440fx-7.2", MaxCpus: 255), new MachineType("pc", "pc-i440fx-7.2", 255), new MachineType("pc-i440fx-1.4", MaxCpus: 255, Deprecated: true)],
                DomainTypes = kvm ? ["qemu", "kvm"] : ["qemu"],
                Features = [new GuestFeature("acpi", true, true), new GuestFeature("apic", true, false), new GuestFeature("cpuselection"), new GuestFeature("deviceboot")],
            },
        ],
    };

    private const string Expected = """
        <capabilities>

          <host>
            <uuid>d6088123-380b-48b1-9c4f-c44c29228b85</uuid>
            <cpu>
              <arch>x86_64</arch>
              <model>Broadwell-noTSX-IBRS</model>
              <vendor>Intel</vendor>
              <microcode version='240'/>
              <signature family='6' model='61' stepping='2'/>
              <topology sockets='1' dies='1' cores='2' threads='1'/>
              <maxphysaddr mode='emulate' bits='39'/>
              <feature name='vme'/>
              <feature name='ss'/>
              <pages unit='KiB' size='4'/>
              <pages unit='KiB' size='2048'/>
            </cpu>
            <power_management/>
            <iommu support='no'/>
            <migration_features>
              <live/>
              <uri_transports>
                <uri_transport>tcp</uri_transport>
              </uri_transports>
            </migration_features>
            <topology>
              <cells num='1'>
                <cell id='0'>
                  <memory unit='KiB'>6777044</memory>
                  <pages unit='KiB' size='4'>1694261</pages>
                  <pages unit='KiB' size='2048'>0</pages>
                  <distances>
                    <sibling id='0' value='10'/>
                  </distances>
                  <cpus num='2'>
                    <cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>
                    <cpu id='1' socket_id='0' die_id='0' core_id='1' siblings='1'/>
                  </cpus>
                </cell>
              </cells>
            </topology>
            <secmodel>
              <model>none</model>
              <doi>0</doi>
            </secmodel>
          </host>

          <guest>
            <os_type>hvm</os_type>
            <arch name='x86_64'>
              <wordsize>64</wordsize>
              <emulator>/usr/bin/qemu-system-x86_64</emulator>
              <machine maxCpus='255'>pc-i440fx-7.2</machine>
              <machine canonical='pc-i440fx-7.2' maxCpus='255'>pc</machine>
              <machine maxCpus='255' deprecated='yes'>pc-i440fx-1.4</machine>
              <domain type='qemu'/>
            </arch>
            <features>
              <acpi default='on' toggle='yes'/>
              <apic default='on' toggle='no'/>
              <cpuselection/>
              <deviceboot/>
            </features>
          </guest>

        </capabilities>

        """;

    [Fact]
    public void Format_WritesLibvirtsLayout()
    {
        Assert.Equal(Expected, CapabilitiesXml.Format(Sample()));
    }

    [Fact]
    public void Format_ValidatesAgainstLibvirtsSchema()
    {
        var (valid, output) = SchemaValidator.Validate(CapabilitiesXml.Format(Sample(kvm: true)), "capability.rng");
        Assert.True(valid, output);
    }

    [Fact]
    public void Format_ListsKvmOnlyWhenTheModelSaysItIsUsable()
    {
        Assert.DoesNotContain("<domain type='kvm'/>", CapabilitiesXml.Format(Sample(kvm: false)));
        Assert.Contains("<domain type='kvm'/>", CapabilitiesXml.Format(Sample(kvm: true)));
    }

    [Fact]
    public void Format_CarriesPauseLoopExitingAsACommentThatKeepsTheDocumentValid()
    {
        var xml = CapabilitiesXml.Format(Sample(new PauseLoopExiting("kvm_intel", 128, 4096, null, null)));
        Assert.Contains("<!-- pause-loop exiting (kvm_intel): ple_gap=128 ple_window=4096 -->", xml);
        var (valid, output) = SchemaValidator.Validate(xml, "capability.rng");
        Assert.True(valid, output);
    }

    [Fact]
    public void Format_LeavesOutACpusLocationUnlessAllOfItIsKnown()
    {
        var caps = Sample();
        caps = caps with
        {
            Host = caps.Host with { Cells = [caps.Host.Cells[0] with { Cpus = [new NumaCpu(0, SocketId: 0), new NumaCpu(1)] }] },
        };
        var xml = CapabilitiesXml.Format(caps);
        Assert.Contains("<cpu id='0'/>", xml);
        Assert.Contains("<cpu id='1'/>", xml);
        Assert.True(SchemaValidator.Validate(xml, "capability.rng").Valid);
    }

    [Fact]
    public void Schema_RejectsABrokenDocument_SoTheValidationAboveMeansSomething()
    {
        var xml = CapabilitiesXml.Format(Sample()).Replace("<wordsize>64</wordsize>", "<wordsize>63</wordsize>");
        Assert.False(SchemaValidator.Validate(xml, "capability.rng").Valid);
    }
}
