using Vireo.Core.Xml;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>
/// Checks a parsed definition (normally after DomainDefaults) for values that cannot work together.
/// Pure. Validate throws the first problem; Problems lists all of them. Each message is a whole sentence
/// naming the domain, the element and the values.
/// </summary>
public static class DomainValidator
{
    public static void Validate(DomainDef def)
    {
        foreach (var problem in Problems(def)) throw problem;
    }

    public static IEnumerable<VirException> Problems(DomainDef def)
    {
        var ctx = new ValidationContext(def);
        return NameRules(def.Name)
            .Concat(MemoryRules(ctx))
            .Concat(CpuRules.Check(ctx))
            .Concat(IoThreadRules.Check(ctx))
            .Concat(DeviceRules.Check(ctx))
            .Concat(ContainerRules.Check(ctx));
    }

    /// <summary>The longest domain name, in UTF-8 bytes. Files are named after a domain ("NAME.xml",
    /// "NAME.console.serial1.log", a temp file beside each) and a file name has at most 255 bytes: without
    /// a limit here a long name fails half-way, with the file system's "path too long".</summary>
    public const int MaxNameBytes = 200;

    private static IEnumerable<VirException> NameRules(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxNameBytes)
            yield return VirErrors.Xml($"the domain name '{name[..Math.Min(name.Length, 40)]}...' is {bytes} bytes long; Vireo names files after the domain, so a name may have at most {MaxNameBytes} bytes");
    }

    private static IEnumerable<VirException> MemoryRules(ValidationContext ctx)
    {
        var d = ctx.Def;
        if (d.Memory is null && (d.Cpu is null || d.Cpu.NumaCells.Count == 0))
        {
            yield return ctx.Xml("has no memory size: give it a <memory> element or NUMA cells with memory");
            yield break;
        }
        var memory = d.Memory ?? MemorySize.Zero;
        if (d.Memory is { KiB: 0 })
            yield return ctx.Xml("has a memory size of zero; <memory> must be greater than zero");
        if (d.CurrentMemory is { } current)
        {
            if (current > memory)
                yield return ctx.Xml($"has current memory ({current}) larger than its memory ({memory}); <currentMemory> must not exceed <memory>");
            if (current.KiB == 0)
                yield return ctx.Xml("has a current memory of zero; <currentMemory> must be greater than zero");
        }
        if (d.MaxMemory is { } max)
        {
            if (max.Size < memory)
                yield return ctx.Xml($"has maximum memory ({max.Size}) smaller than its memory ({memory}); <maxMemory> must be at least <memory>");
            if (max.Slots is null or 0)
                yield return ctx.Xml("has <maxMemory> without a slot count; give it slots='N' with N greater than zero");
        }
        if (d.Memory is not null && d.Cpu is { NumaCells.Count: > 0 } cpu)
        {
            var total = new MemorySize(cpu.NumaCells.Aggregate(0UL, (sum, c) => sum + c.Memory.KiB));
            if (total != memory)
                yield return ctx.Xml($"has memory ({memory}) different from the total of its NUMA cells ({total})");
        }
        if (d.MemTune is { } t)
        {
            if (t.HardLimit is { } hard && t.SoftLimit is { } soft && soft > hard)
                yield return ctx.Xml($"has a memtune soft_limit ({soft}) above its hard_limit ({hard})");
            if (t.HardLimit is { } h && t.SwapHardLimit is { } swap && swap < h)
                yield return ctx.Xml($"has a memtune swap_hard_limit ({swap}) below its hard_limit ({h}); swap_hard_limit counts memory plus swap");
        }
        if (d.MemoryBacking?.HugePages is { } pages)
        {
            foreach (var page in pages.Where(p => p.Size.KiB == 0))
                yield return ctx.Xml("has a hugepage <page> of size zero");
        }
    }
}

/// <summary>What every rule needs: the definition and error builders that name it.</summary>
internal sealed class ValidationContext(DomainDef def)
{
    public DomainDef Def { get; } = def;
    public string Who => $"domain '{Def.Name}'";
    public uint VcpuCount => Def.Vcpu?.Count ?? 1;

    /// <summary>An inconsistent value: XML error "domain 'x' ...".</summary>
    public VirException Xml(string rest) => VirErrors.Xml($"{Who} {rest}");

    /// <summary>A combination Vireo (or the hypervisor) cannot run: unsupported configuration.</summary>
    public VirException Unsupported(string rest) => VirErrors.Unsupported($"{Who} {rest}");
}
