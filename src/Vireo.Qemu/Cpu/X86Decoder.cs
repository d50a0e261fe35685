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

    public static X86CpuDescription DecodeHost(X86Data data, X86CpuMap map) => Decode(data, map, host: true, preferred: null, migratable: false, hypervisor: null);

    /// <summary>
    /// Names CPU data as a guest CPU (cpu-baseline's result): models meant for guests, each giving the features to
    /// add ("require") and the model's features to take away ("disable"); <paramref name="preferred"/> wins outright
    /// when the CPU can be described with it; <paramref name="migratable"/> drops features a migrating guest may not keep.
    /// With <paramref name="hypervisor"/> only the models QEMU has are candidates, and each model's features QEMU
    /// cannot give (its blockers) are taken away, as libvirt names the CPU QEMU provides and hypervisor baselines.
    /// </summary>
    public static X86CpuDescription DecodeGuest(X86Data data, X86CpuMap map, string? preferred, bool migratable, X86HypervisorModels? hypervisor = null) =>
        Decode(data, map, host: false, preferred, migratable, hypervisor);

    private static X86CpuDescription Decode(X86Data data, X86CpuMap map, bool host, string? preferred, bool migratable, X86HypervisorModels? hypervisor)
    {
        var vendor = VendorOf(data, map);
        var (family, modelNumber, stepping) = Signature(data);
        X86Model? best = null;
        (IReadOnlyList<string> Required, IReadOnlyList<string> Disabled) bestFeatures = ([], []);
        for (var i = map.Models.Count - 1; i >= 0; i--)
        {
            var candidate = map.Models[i];
            if (hypervisor is not null && !hypervisor.Has(candidate.Name)) continue; // QEMU cannot run it, not even when preferred
            if (vendor is not null && candidate.Vendor is not null && candidate.Vendor != vendor) continue;
            if (host ? !candidate.DecodeHost : !candidate.DecodeGuest) continue;
            var features = FeaturesAgainst(data, candidate, map, hypervisor, host);
            if (host && features.Disabled.Count > 0) continue; // a host CPU cannot lack a feature of its model
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
    /// The CPU described with one model, as libvirt's x86DataToCPU does: the features the data has beyond the model's
    /// current ones are added; the model's features the data lacks, and the features QEMU's version of the model
    /// cannot give (blockers) unless the data adds them, are taken away, both in map order; then, for a guest CPU, the
    /// features the map has removed from the model are taken away after them when not listed yet.
    /// </summary>
    private static (IReadOnlyList<string> Required, IReadOnlyList<string> Disabled) FeaturesAgainst(X86Data data, X86Model model, X86CpuMap map,
        X86HypervisorModels? hypervisor, bool host)
    {
        var extra = data.Clone();
        extra.Subtract(model.CurrentData);
        var missing = model.CurrentData.Clone();
        missing.Subtract(data);
        foreach (var blocker in hypervisor?.Blockers(model.Name) ?? [])
            if (map.Feature(blocker) is { } f && !extra.Contains(f.Data))
                missing.Add(f.Data);
        var required = FeaturesIn(extra, map);
        var disabled = FeaturesIn(missing, map).ToList();
        if (!host)
            disabled.AddRange(model.RemovedFeatureNames.Where(n => !required.Contains(n) && !disabled.Contains(n)));
        return (required, disabled);
    }

    /// <summary>
    /// libvirt 9.0's choice between two candidates: a matching signature first; then the lighter feature list, a tie
    /// going to the candidate whose taken-away features weigh less (see <see cref="Weight"/>).
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
        var (currentWeight, currentDisabledWeight) = Weight(currentFeatures);
        var (candidateWeight, candidateDisabledWeight) = Weight(candidateFeatures);
        return candidateWeight < currentWeight || (candidateWeight == currentWeight && candidateDisabledWeight < currentDisabledWeight);
    }

    private const int FirstDisabledWeight = 2;

    /// <summary>
    /// The weight of a feature list as libvirtd 9.0 computes it: a feature added weighs 1; of the features taken away,
    /// the first half (rounded up) weigh 2, 3, 4, ... in turn and the rest 1 each (libvirt's loop over the list stops
    /// halfway through them), so a model needing many features taken away loses to one needing more added, but not
    /// always. Measured against libvirtd on this machine: it names TCG's 'max' CPU EPYC (18 added, 10 taken away)
    /// rather than Opteron_G3 (43 added, 1 taken away), and the 32-bit one Opteron_G2 (46, 2) rather than EPYC (18, 12).
    /// A host CPU takes none away.
    /// </summary>
    private static (int Total, int Disabled) Weight((IReadOnlyList<string> R, IReadOnlyList<string> D) features)
    {
        var weighted = (features.D.Count + 1) / 2;
        var disabled = 0;
        for (var i = 0; i < weighted; i++) disabled += FirstDisabledWeight + i;
        return (features.R.Count + features.D.Count - weighted + disabled, disabled);
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
