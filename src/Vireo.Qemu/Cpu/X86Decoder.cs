using System.Text;

namespace Vireo.Qemu.Cpu;

/// <summary>A CPU as libvirt describes it: a model, the vendor, the features on top of the model (and, for a guest, those the model has but the CPU lacks), and the signature.</summary>
public sealed record X86CpuDescription(string Model, string? Vendor, IReadOnlyList<string> Required, IReadOnlyList<string> Disabled,
    uint Family, uint ModelNumber, uint Stepping);

/// <summary>
/// Names CPUID data with the closest model of the map, as libvirt's x86 CPU driver does for the host CPU in
/// &lt;capabilities&gt;: newest models first, only those meant for hosts, of the CPU's vendor, and only if the CPU
/// has every feature of the model; among those a model whose signature (family, model) is the CPU's wins, then the
/// one needing the fewest extra features. The features are listed in the map's order. Pure.
/// </summary>
public static class X86Decoder
{
    private static readonly HashSet<string> OsControlled = ["osxsave", "ospke"];

    public static X86CpuDescription DecodeHost(X86Data data, X86CpuMap map) => Decode(data, map, host: true, preferred: null, migratable: false);

    /// <summary>
    /// Names CPU data as a guest CPU (cpu-baseline's result): models meant for guests, each giving the features to
    /// add ("require") and the model's features to take away ("disable"); <paramref name="preferred"/> wins outright
    /// when the CPU can be described with it; <paramref name="migratable"/> drops features a migrating guest may not keep.
    /// </summary>
    public static X86CpuDescription DecodeGuest(X86Data data, X86CpuMap map, string? preferred, bool migratable) =>
        Decode(data, map, host: false, preferred, migratable);

    private static X86CpuDescription Decode(X86Data data, X86CpuMap map, bool host, string? preferred, bool migratable)
    {
        var vendor = VendorOf(data, map);
        var (family, modelNumber, stepping) = Signature(data);
        X86Model? best = null;
        (IReadOnlyList<string> Required, IReadOnlyList<string> Disabled) bestFeatures = ([], []);
        for (var i = map.Models.Count - 1; i >= 0; i--)
        {
            var candidate = map.Models[i];
            if (host ? !candidate.DecodeHost : !candidate.DecodeGuest) continue;
            if (vendor is not null && candidate.Vendor is not null && candidate.Vendor != vendor) continue;
            var missing = candidate.Data.Clone();
            missing.Subtract(data);
            var disabled = FeaturesIn(missing, map);
            if (host && disabled.Count > 0) continue; // a host CPU cannot lack a feature of its model
            var extra = data.Clone();
            extra.Subtract(candidate.Data);
            var features = (FeaturesIn(extra, map), disabled);
            if (preferred is not null && candidate.Name == preferred)
            {
                (best, bestFeatures) = (candidate, features);
                break;
            }
            if (best is null || Better(best, bestFeatures, candidate, features, family, modelNumber))
                (best, bestFeatures) = (candidate, features);
        }
        if (best is null) throw new InvalidDataException("Cannot find suitable CPU model for given data");
        var (required, disabledFeatures) = bestFeatures;
        if (!host)
        {
            // Bits the guest's own kernel turns on (CR4.OSXSAVE, CR4.PKE): a guest CPU cannot ask for them.
            required = required.Where(n => !OsControlled.Contains(n)).ToList();
            disabledFeatures = disabledFeatures.Where(n => !OsControlled.Contains(n)).ToList();
        }
        if (migratable)
        {
            required = required.Where(n => map.Feature(n)!.Migratable).ToList();
            disabledFeatures = disabledFeatures.Where(n => map.Feature(n)!.Migratable).ToList();
        }
        return new X86CpuDescription(best.Name, vendor?.Name, required, disabledFeatures, family, modelNumber, stepping);
    }

    /// <summary>
    /// libvirt's choice between two candidates: a matching signature first, then the shorter feature list (features
    /// added plus features taken away). For the host CPU and a baseline of one model this is libvirtd 9.0's choice;
    /// for baselines of different models that need features taken away libvirtd 9.0 sometimes picks another model
    /// (docs/cpu.md).
    /// </summary>
    private static bool Better(X86Model current, (IReadOnlyList<string> R, IReadOnlyList<string> D) currentFeatures, X86Model candidate,
        (IReadOnlyList<string> R, IReadOnlyList<string> D) candidateFeatures, uint family, uint model)
    {
        if (family != 0 || model != 0) // data without a signature (a baseline) compares features only
        {
            var currentMatches = current.Signatures.Contains((family, model));
            var candidateMatches = candidate.Signatures.Contains((family, model));
            if (currentMatches != candidateMatches) return candidateMatches;
        }
        return candidateFeatures.R.Count + candidateFeatures.D.Count < currentFeatures.R.Count + currentFeatures.D.Count;
    }

    /// <summary>The map's features wholly present in <paramref name="data"/>, in the map's order, each taking its bits away (libvirt's x86DataToCPUFeatures).</summary>
    public static IReadOnlyList<string> FeaturesIn(X86Data data, X86CpuMap map)
    {
        var rest = data.Clone();
        var names = new List<string>();
        foreach (var f in map.Features)
        {
            if (f.Data.IsEmpty || !rest.Contains(f.Data)) continue;
            names.Add(f.Name);
            rest.Subtract(f.Data);
        }
        return names;
    }

    /// <summary>The vendor whose CPUID string leaf 0 carries (ebx, edx, ecx).</summary>
    public static X86Vendor? VendorOf(X86Data data, X86CpuMap map)
    {
        var r = data.Registers(new CpuidLeaf(0, 0));
        var bytes = new byte[12];
        BitConverter.GetBytes(r[1]).CopyTo(bytes, 0);
        BitConverter.GetBytes(r[3]).CopyTo(bytes, 4);
        BitConverter.GetBytes(r[2]).CopyTo(bytes, 8);
        var id = Encoding.ASCII.GetString(bytes);
        return map.Vendors.FirstOrDefault(v => v.Id == id);
    }

    /// <summary>Family, model and stepping from leaf 1's eax, with the extended family and model folded in.</summary>
    public static (uint Family, uint Model, uint Stepping) Signature(X86Data data)
    {
        var eax = data.Registers(new CpuidLeaf(1, 0))[0];
        var family = (eax >> 8) & 0xf;
        var model = (eax >> 4) & 0xf;
        if (family == 0xf) family += (eax >> 20) & 0xff;
        if (family >= 6) model += ((eax >> 16) & 0xf) << 4;
        return (family, model, eax & 0xf);
    }
}
