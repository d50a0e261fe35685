using System.Globalization;
using System.Xml.Linq;

namespace Vireo.Qemu.Cpu;

/// <summary>A CPU vendor of libvirt's map: its name ("AMD") and CPUID leaf 0's string ("AuthenticAMD").</summary>
public sealed record X86Vendor(string Name, string Id);

/// <summary>A named CPU feature: the CPUID bits that make it, and whether a migrating guest may keep it.</summary>
public sealed record X86Feature(string Name, X86Data Data, bool Migratable);

/// <summary>
/// A named CPU model: its vendor, the family/model signatures of the CPUs it describes, whether libvirt may pick it
/// for a host or a guest, and its features. <see cref="Data"/> has all of them; <see cref="CurrentData"/> leaves
/// out those marked removed='yes' (kept in the map so that old definitions still decode to the model, but no
/// longer given to a CPU that names the model).
/// </summary>
public sealed record X86Model(string Name, X86Vendor? Vendor, IReadOnlyList<(uint Family, uint Model)> Signatures,
    bool DecodeHost, bool DecodeGuest, IReadOnlyList<string> FeatureNames, X86Data Data)
{
    public IReadOnlyList<string> RemovedFeatureNames { get; init; } = [];
    public X86Data CurrentData { get; init; } = Data;
}

/// <summary>
/// libvirt's x86 CPU map (Debian ships it in /usr/share/libvirt/cpu_map: index.xml names the vendor, feature and
/// model files of each architecture, in order). vireod reads the installed files instead of a copy, so its CPU
/// models are always the ones the libvirt client tools on the host know. MSR-based features carry their MSR bits
/// (<see cref="CpuidLeaf.Msr"/>); the host's MSRs are not read (libvirtd reads them only through KVM). Parsing is pure; <see cref="Load"/> reads the files.
/// </summary>
public sealed class X86CpuMap
{
    public const string DefaultDirectory = "/usr/share/libvirt/cpu_map";

    public IReadOnlyList<X86Vendor> Vendors { get; }
    public IReadOnlyList<X86Feature> Features { get; }
    public IReadOnlyList<X86Model> Models { get; }

    private X86CpuMap(IReadOnlyList<X86Vendor> vendors, IReadOnlyList<X86Feature> features, IReadOnlyList<X86Model> models) =>
        (Vendors, Features, Models) = (vendors, features, models);

    public X86Feature? Feature(string name) => Features.FirstOrDefault(f => f.Name == name);

    public X86Model? Model(string name) => Models.FirstOrDefault(m => m.Name == name);

    public X86Vendor? Vendor(string name) => Vendors.FirstOrDefault(v => v.Name == name);

    public static X86CpuMap Load(string directory = DefaultDirectory) =>
        Parse(name => XDocument.Load(Path.Combine(directory, name)));

    /// <summary>The x86 part of the map, each file read through <paramref name="open"/>.</summary>
    public static X86CpuMap Parse(Func<string, XDocument> open)
    {
        var index = open("index.xml").Root ?? throw new InvalidDataException("the CPU map's index.xml is empty");
        var arch = index.Elements("arch").FirstOrDefault(a => (string?)a.Attribute("name") == "x86")
            ?? throw new InvalidDataException("the CPU map has no x86 architecture");
        var vendors = new List<X86Vendor>();
        var features = new List<X86Feature>();
        var models = new List<X86Model>();
        foreach (var include in arch.Elements("include"))
        {
            var root = open((string)include.Attribute("filename")!).Root!;
            foreach (var v in root.Elements("vendor"))
                vendors.Add(new X86Vendor((string)v.Attribute("name")!, (string)v.Attribute("string")!));
            foreach (var f in root.Elements("feature"))
                features.Add(new X86Feature((string)f.Attribute("name")!, FeatureData(f), (string?)f.Attribute("migratable") != "no"));
            foreach (var m in root.Elements("model"))
                models.Add(ModelOf(m, vendors, features, models));
        }
        return new X86CpuMap(vendors, features, models);
    }

    private static X86Data FeatureData(XElement feature)
    {
        var data = new X86Data();
        foreach (var c in feature.Elements("cpuid"))
        {
            var leaf = new CpuidLeaf(Hex(c, "eax_in"), Hex(c, "ecx_in"));
            var one = new X86Data();
            one.Set(leaf, Hex(c, "eax"), Hex(c, "ebx"), Hex(c, "ecx"), Hex(c, "edx"));
            data.Add(one);
        }
        foreach (var m in feature.Elements("msr"))
        {
            var one = new X86Data();
            one.Set(CpuidLeaf.Msr(Hex(m, "index")), Hex(m, "eax"), 0, 0, Hex(m, "edx"));
            data.Add(one);
        }
        return data;
    }

    private static X86Model ModelOf(XElement m, List<X86Vendor> vendors, List<X86Feature> features, List<X86Model> earlier)
    {
        var name = (string)m.Attribute("name")!;
        var parent = m.Element("model") is { } p ? earlier.First(e => e.Name == (string)p.Attribute("name")!) : null;
        var decode = m.Element("decode");
        var vendor = m.Element("vendor") is { } v ? vendors.First(x => x.Name == (string)v.Attribute("name")!) : parent?.Vendor;
        var signatures = m.Elements("signature")
            .Select(s => (uint.Parse((string)s.Attribute("family")!, CultureInfo.InvariantCulture), uint.Parse((string)s.Attribute("model")!, CultureInfo.InvariantCulture)))
            .ToList();
        var names = new List<string>(parent?.FeatureNames ?? []);
        names.AddRange(m.Elements("feature").Select(f => (string)f.Attribute("name")!));
        var removed = new List<string>(parent?.RemovedFeatureNames ?? []);
        removed.AddRange(m.Elements("feature").Where(f => (string?)f.Attribute("removed") == "yes").Select(f => (string)f.Attribute("name")!));
        X86Data DataOf(IEnumerable<string> ns)
        {
            var data = new X86Data();
            foreach (var n in ns)
                data.Add((features.FirstOrDefault(f => f.Name == n) ?? throw new InvalidDataException($"CPU model {name} names the unknown feature {n}")).Data);
            return data;
        }
        return new X86Model(name, vendor, signatures.Count > 0 ? signatures : parent?.Signatures ?? [],
            decode is null || (string?)decode.Attribute("host") == "on", decode is null || (string?)decode.Attribute("guest") == "on", names, DataOf(names))
        {
            RemovedFeatureNames = removed,
            CurrentData = DataOf(names.Except(removed)),
        };
    }

    private static uint Hex(XElement e, string attribute) =>
        (string?)e.Attribute(attribute) is { } text ? Convert.ToUInt32(text, 16) : 0;
}
