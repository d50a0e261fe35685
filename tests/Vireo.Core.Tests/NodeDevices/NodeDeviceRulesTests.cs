using Vireo.Core.NodeDevices;

namespace Vireo.Core.Tests.NodeDevices;

/// <summary>
/// Device kinds the build machine lacks (USB, SCSI, udev-typed disks, CD-ROMs, PCI Express links, DMI),
/// translated by the rules. The expected XML follows libvirt 9.0's node device formatter and the udev
/// driver's naming (read from its source, not measured: no such device exists here to compare with).
/// </summary>
public sealed class NodeDeviceRulesTests
{
    private static NodeDevice One(string text, string name) =>
        NodeDeviceRules.Build(SysfsFixture.Parse(text), null, PciIds.Empty).Single(d => d.Name == name);

    private static string Xml(NodeDevice d) => NodeDeviceXml.Format(d);

    [Fact]
    public void Names_keep_only_ascii_letters_and_digits()
    {
        Assert.Equal("usb_1_1_1_0", NodeDeviceRules.Name("usb", "1-1:1.0", null));
        Assert.Equal("block_sda_ATA_QEMU_HARDDISK_QM00001", NodeDeviceRules.Name("block", "sda", "ATA_QEMU_HARDDISK_QM00001"));
        Assert.Equal("net_eth0_52_54_00_12_34_56", NodeDeviceRules.Name("net", "eth0", "52:54:00:12:34:56"));
    }

    [Fact]
    public void A_usb_device_and_its_interface_hang_under_their_pci_controller()
    {
        var text = """
            device /sys/devices/pci0000:00/0000:00:1d.0
            subsystem pci
            prop PCI_CLASS=C0320
            prop DRIVER=ehci-pci
            attr vendor=0x8086
            attr device=0x293a

            device /sys/devices/pci0000:00/0000:00:1d.0/usb1/1-1
            subsystem usb
            prop DEVTYPE=usb_device
            prop BUSNUM=001
            prop DEVNUM=002
            prop DEVNAME=bus/usb/001/002
            prop DRIVER=usb
            prop ID_VENDOR_ID=0627
            prop ID_MODEL_ID=0001
            attr manufacturer=QEMU
            attr product=QEMU USB Tablet

            device /sys/devices/pci0000:00/0000:00:1d.0/usb1/1-1/1-1:1.0
            subsystem usb
            prop DEVTYPE=usb_interface
            prop DRIVER=usbhid
            prop INTERFACE=3/0/0
            attr bInterfaceNumber=00
            attr bInterfaceClass=03
            attr bInterfaceSubClass=00
            attr bInterfaceProtocol=00
            """;
        var dev = One(text, "usb_1_1");
        Assert.Equal("""
            <device>
              <name>usb_1_1</name>
              <path>/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-1</path>
              <devnode type='dev'>/dev/bus/usb/001/002</devnode>
              <parent>pci_0000_00_1d_0</parent>
              <driver>
                <name>usb</name>
              </driver>
              <capability type='usb_device'>
                <bus>1</bus>
                <device>2</device>
                <product id='0x0001'>QEMU USB Tablet</product>
                <vendor id='0x0627'>QEMU</vendor>
              </capability>
            </device>

            """, Xml(dev));
        var iface = One(text, "usb_1_1_1_0");
        Assert.Equal("usb_1_1", iface.Parent);
        Assert.Equal(["<number>0</number>", "<class>3</class>", "<subclass>0</subclass>", "<protocol>0</protocol>"], iface.CapabilityLines);
        Assert.Equal("usb", iface.Cap.Name());
    }

    [Fact]
    public void Scsi_host_target_device_and_a_udev_typed_disk_with_its_serial()
    {
        var text = """
            device /sys/devices/pci0000:00/0000:00:1f.2/ata1/host0
            subsystem scsi
            prop DEVTYPE=scsi_host
            attr scsi_host/host0/unique_id=1

            device /sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0
            subsystem scsi
            prop DEVTYPE=scsi_target

            device /sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0
            subsystem scsi
            prop DEVTYPE=scsi_device
            prop DRIVER=sd
            attr type=0

            device /sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda
            subsystem block
            prop DEVTYPE=disk
            prop DEVNAME=sda
            prop ID_TYPE=disk
            prop ID_BUS=ata
            prop ID_SERIAL=QEMU_HARDDISK_QM00001
            link /dev/disk/by-id/ata-QEMU_HARDDISK_QM00001
            attr size=2097152
            attr queue/logical_block_size=512
            attr device/vendor=ATA     
            attr device/model=QEMU HARDDISK   
            """;
        Assert.Equal(["<host>0</host>", "<unique_id>1</unique_id>"], One(text, "scsi_host0").CapabilityLines);
        Assert.Equal(["<target>target0:0:0</target>"], One(text, "scsi_target0_0_0").CapabilityLines);
        var scsi = One(text, "scsi_0_0_0_0");
        Assert.Equal("scsi_target0_0_0", scsi.Parent);
        Assert.Equal(["<host>0</host>", "<bus>0</bus>", "<target>0</target>", "<lun>0</lun>", "<type>disk</type>"], scsi.CapabilityLines);
        var disk = One(text, "block_sda_QEMU_HARDDISK_QM00001");
        Assert.Equal("scsi_0_0_0_0", disk.Parent);
        Assert.Contains("  <devnode type='link'>/dev/disk/by-id/ata-QEMU_HARDDISK_QM00001</devnode>\n", Xml(disk));
        Assert.Equal([
            "<block>/dev/sda</block>", "<bus>ata</bus>", "<drive_type>disk</drive_type>", "<model>QEMU HARDDISK</model>",
            "<vendor>ATA</vendor>", "<serial>QEMU_HARDDISK_QM00001</serial>", "<size>1073741824</size>",
            "<logical_block_size>512</logical_block_size>", "<num_blocks>2097152</num_blocks>",
        ], disk.CapabilityLines);
    }

    [Fact]
    public void An_empty_cd_drive_is_removable_without_media()
    {
        var text = """
            device /sys/devices/pci0000:00/0000:00:1f.2/ata2/host1/target1:0:0/1:0:0:0/block/sr0
            subsystem block
            prop DEVTYPE=disk
            prop DEVNAME=sr0
            prop ID_CDROM=1
            attr removable=1
            attr size=0
            attr queue/logical_block_size=2048
            """;
        Assert.Equal([
            "<block>/dev/sr0</block>", "<drive_type>cdrom</drive_type>", "<capability type='removable'>",
            "  <media_available>0</media_available>", "  <media_size>0</media_size>", "</capability>",
        ], One(text, "block_sr0").CapabilityLines);
    }

    [Fact]
    public void A_pci_express_endpoint_shows_its_link_and_iommu_group()
    {
        // Config space: status has a capability list at 0x40; the PCI Express capability (id 0x10, endpoint)
        // with link capabilities port 0, 8 GT/s x4 and status 8 GT/s x4.
        var config = new byte[4096];
        config[0x06] = 0x10;
        config[0x34] = 0x40;
        config[0x40] = 0x10;
        config[0x42] = 0x02; // flags: version 2, type 0 (endpoint)
        BitConverter.GetBytes(0x00000043u).CopyTo(config, 0x40 + 0x0c); // port 0, width 4, speed 3
        BitConverter.GetBytes((ushort)0x0043).CopyTo(config, 0x40 + 0x12);
        var express = PciExpress.FromConfig(config);
        Assert.Equal(new PciExpressLink(0, 3, 4), express!.Cap);
        Assert.Equal(new PciExpressLink(-1, 3, 4), express.Sta);

        var text = $"""
            device /sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0
            subsystem pci
            prop PCI_CLASS=10802
            attr vendor=0x144d
            attr device=0xa808
            attr numa_node=0
            iommu 7 0000:01:00.0
            config 4096 {Convert.ToHexString(config.AsSpan(0, 0x60))}
            """;
        Assert.Equal([
            "<class>0x010802</class>", "<domain>0</domain>", "<bus>1</bus>", "<slot>0</slot>", "<function>0</function>",
            "<product id='0xa808'/>", "<vendor id='0x144d'/>",
            "<iommuGroup number='7'>", "  <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>", "</iommuGroup>",
            "<numa node='0'/>",
            "<pci-express>", "  <link validity='cap' port='0' speed='8' width='4'/>", "  <link validity='sta' speed='8' width='4'/>", "</pci-express>",
        ], One(text, "pci_0000_01_00_0").CapabilityLines);
    }

    [Fact]
    public void A_conventional_pci_device_has_no_pci_express_element()
    {
        Assert.Null(PciExpress.FromConfig(new byte[256]));
        Assert.Equal(new PciExpress(null, null), PciExpress.FromConfig(new byte[4096]));
    }

    [Fact]
    public void The_computer_shows_the_hosts_dmi_and_escapes_it()
    {
        var dmi = new HostDmi("Standard PC (Q35 + ICH9, 2009)", "QEMU", "pc-q35-7.2", null, "3e1a3c52-7d6b-4a8a-9c55-0e1f2a3b4c5d",
            "SeaBIOS & co", "1.16.2-debian-1.16.2-1", "04/01/2014");
        Assert.Equal("""
            <device>
              <name>computer</name>
              <capability type='system'>
                <product>Standard PC (Q35 + ICH9, 2009)</product>
                <hardware>
                  <vendor>QEMU</vendor>
                  <version>pc-q35-7.2</version>
                  <uuid>3e1a3c52-7d6b-4a8a-9c55-0e1f2a3b4c5d</uuid>
                </hardware>
                <firmware>
                  <vendor>SeaBIOS &amp; co</vendor>
                  <version>1.16.2-debian-1.16.2-1</version>
                  <release_date>04/01/2014</release_date>
                </firmware>
              </capability>
            </device>

            """, NodeDeviceXml.Format(NodeDeviceRules.Computer(dmi)));
    }

    [Fact]
    public void Capability_names_and_list_flags_are_libvirts()
    {
        Assert.Equal(1u << 1, NodeDeviceCap.Pci.Flag());
        Assert.Equal(NodeDeviceCap.UsbDevice, NodeDeviceCaps.Parse("usb_device"));
        Assert.Equal(NodeDeviceCap.UsbInterface, NodeDeviceCaps.Parse("usb"));
        Assert.Null(NodeDeviceCaps.Parse("bogus"));
        Assert.Equal(0x3fffffu, NodeDeviceCaps.AllCapFlags);
    }
}
