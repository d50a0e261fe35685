using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Tests.Cpu;

/// <summary>
/// libvirt's x86 CPU map as Debian installs it (/usr/share/libvirt/cpu_map, read as vireod reads it) and the naming
/// of CPUID data with its closest model, on data made from the map's own models.
/// </summary>
public class X86DecoderTests
{
    private static X86CpuMap Map() => InstalledCpuMap.Load();

    /// <summary>CPUID data with a vendor string in leaf 0 and a signature in leaf 1, plus the given features.</summary>
    private static X86Data Data(X86CpuMap map, string vendorId, uint leaf1Eax, IEnumerable<string> features)
    {
        var data = new X86Data();
        var b = System.Text.Encoding.ASCII.GetBytes(vendorId);
        data.Set(new CpuidLeaf(0, 0), 0xd, BitConverter.ToUInt32(b, 0), BitConverter.ToUInt32(b, 8), BitConverter.ToUInt32(b, 4));
        var sig = new X86Data();
        sig.Set(new CpuidLeaf(1, 0), leaf1Eax, 0, 0, 0);
        data.Add(sig);
        foreach (var f in features) data.Add(map.Feature(f)!.Data);
        return data;
    }

    [Fact]
    public void The_map_has_libvirts_x86_vendors_features_and_models_in_order()
    {
        var map = Map();
        Assert.Equal(["Intel", "AMD", "Hygon"], map.Vendors.Select(v => v.Name));
        Assert.Equal(Vireo.Qemu.Capabilities.CpuModelCatalog.For("x86_64").Names, map.Models.Select(m => m.Name));
        Assert.False(map.Feature("invtsc")!.Migratable);
        Assert.True(map.Feature("avx2")!.Migratable);
        var milan = map.Model("EPYC-Milan")!;
        Assert.Equal("AMD", milan.Vendor?.Name);
        Assert.Contains((25u, 1u), milan.Signatures);
        Assert.False(map.Model("Icelake-Server-noTSX")!.DecodeGuest);
        Assert.True(map.Model("Icelake-Server-noTSX")!.DecodeHost);
    }

    [Fact]
    public void A_cpu_with_exactly_a_models_features_and_signature_is_that_model()
    {
        var map = Map();
        var rome = map.Model("EPYC-Rome")!;
        // family 23 model 49 stepping 0: 0x00830f10
        var d = X86Decoder.DecodeHost(Data(map, "AuthenticAMD", 0x00830f10, rome.FeatureNames), map);
        Assert.Equal(("EPYC-Rome", "AMD", 23u, 49u, 0u), (d.Model, d.Vendor, d.Family, d.ModelNumber, d.Stepping));
        Assert.Empty(d.Required);
    }

    [Fact]
    public void A_cpu_lacking_a_feature_of_every_richer_model_gets_a_poorer_one_and_its_extra_features_in_map_order()
    {
        var map = Map();
        var features = map.Model("kvm64")!.FeatureNames.Concat(["avx2", "vme", "hypervisor"]).ToList();
        var d = X86Decoder.DecodeHost(Data(map, "AuthenticAMD", 0x00b00f21, features), map);
        Assert.Equal("kvm64", d.Model);
        Assert.Equal(["vme", "hypervisor", "avx2"], d.Required);
        Assert.Equal((26u, 2u, 1u), (d.Family, d.ModelNumber, d.Stepping));
    }

    [Fact]
    public void Another_vendors_models_are_not_candidates()
    {
        var map = Map();
        var d = X86Decoder.DecodeHost(Data(map, "GenuineIntel", 0x000306c3, map.Model("EPYC")!.FeatureNames), map);
        Assert.Equal("Intel", d.Vendor);
        Assert.NotEqual("AMD", map.Model(d.Model)!.Vendor?.Name);
    }
}
