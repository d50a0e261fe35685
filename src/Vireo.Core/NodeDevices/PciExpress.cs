using System.Buffers.Binary;

namespace Vireo.Core.NodeDevices;

/// <summary>
/// A PCI device's PCI Express facts from its config space, as libvirt's virPCIDeviceIsPCIExpress,
/// virPCIDeviceHasPCIExpressLink and virPCIDeviceGetLinkCapSta read them (PCI Express Base spec, 7.5.3).
/// </summary>
public sealed record PciExpress(PciExpressLink? Cap, PciExpressLink? Sta)
{
    private const int StatusRegister = 0x06, CapabilityListBit = 0x10, CapabilityPointer = 0x34, ExpressCapId = 0x10;
    private const int RootComplexIntegratedEndpoint = 9, RootComplexEventCollector = 10, ConventionalConfigSize = 256;

    /// <summary>
    /// Null when the device is not PCI Express or its config space could not be read (vireod reads it as
    /// root, as libvirtd does). Without a PCI Express capability in the list, libvirt judges by the config
    /// space's size: more than 256 bytes is taken as PCI Express with no link facts (a bare &lt;pci-express/&gt;;
    /// measured on a host bridge without a capability list, whose 4096-byte config space libvirtd 9.0 shows so).
    /// </summary>
    public static PciExpress? FromConfig(byte[]? config)
    {
        if (config is null || config.Length < 64) return null;
        if ((BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(StatusRegister)) & CapabilityListBit) != 0)
        {
            int pos = config[CapabilityPointer] & 0xfc;
            for (var hops = 0; pos >= 0x40 && pos + 2 <= config.Length && hops < 48; hops++)
            {
                if (config[pos] == ExpressCapId) return FromCapability(config, pos);
                pos = config[pos + 1] & 0xfc;
            }
        }
        return config.Length > ConventionalConfigSize ? new PciExpress(null, null) : null;
    }

    private static PciExpress FromCapability(byte[] config, int pos)
    {
        if (pos + 0x14 > config.Length) return new PciExpress(null, null);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(pos + 2));
        var type = (flags & 0xf0) >> 4;
        if (type is RootComplexIntegratedEndpoint or RootComplexEventCollector) return new PciExpress(null, null);
        var lnkcap = BinaryPrimitives.ReadUInt32LittleEndian(config.AsSpan(pos + 0x0c));
        var lnksta = BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(pos + 0x12));
        return new PciExpress(
            new PciExpressLink((int)(lnkcap >> 24), (int)(lnkcap & 0xf), (int)((lnkcap & 0x3f0) >> 4)),
            new PciExpressLink(-1, lnksta & 0xf, (lnksta & 0x3f0) >> 4));
    }

    internal void Format(XmlLines x)
    {
        if (Cap is null && Sta is null)
        {
            x.Raw("<pci-express/>");
            return;
        }
        x.Open("pci-express");
        Cap?.Format(x, "cap");
        Sta?.Format(x, "sta");
        x.Close("pci-express");
    }
}

/// <summary>A link's port (-1: none), speed code (1 = 2.5 GT/s ... 6 = 64 GT/s) and width.</summary>
public sealed record PciExpressLink(int Port, int Speed, int Width)
{
    private static readonly string[] Speeds = ["", "2.5", "5", "8", "16", "32", "64"];

    internal void Format(XmlLines x, string validity)
    {
        var s = $"<link validity='{validity}'";
        if (Port >= 0) s += $" port='{Port}'";
        if (Speed > 0 && Speed < Speeds.Length) s += $" speed='{Speeds[Speed]}'";
        x.Raw(s + $" width='{Width}'/>");
    }
}
