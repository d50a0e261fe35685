using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.BlockIoTune;

/// <summary>
/// A blkdeviotune change as libvirtd 9.0's QEMU driver makes it, pure. Limits come in families (the three
/// bytes_sec limits, the three iops_sec, their _max bursts, size_iops_sec, the group, the bytes and iops burst
/// lengths): giving one limit of a family sets the whole family (the others to 0), a family not given keeps the
/// disk's values (or those of the group the change names, when another disk is in it). A burst length a family
/// change leaves at 0 becomes 1 while its limit or burst is still set (QEMU's default). A change that leaves no
/// limit takes the disk out of its group; naming a new group for that is refused.
/// </summary>
internal sealed class IoTuneChange
{
    /// <summary>QEMU_BLOCK_IOTUNE_MAX: the largest value libvirt passes on.</summary>
    public const ulong MaxValue = IoTuneRules.MaxValue;

    private readonly ulong[] _values;
    private readonly bool[] _families;
    private readonly string? _group;
    private readonly bool _groupGiven;

    public IReadOnlyList<TypedParameter> Given { get; }

    private IoTuneChange(ulong[] values, bool[] families, string? group, bool groupGiven, IReadOnlyList<TypedParameter> given)
    {
        _values = values;
        _families = families;
        _group = group;
        _groupGiven = groupGiven;
        Given = given;
    }

    /// <summary>The family of a field: 0-3 the limits and bursts, 4 size_iops_sec, 5 the bytes lengths, 6 the iops lengths; 7 is the group.</summary>
    private static int FamilyOf(int field) => field < 13 ? field / 3 : 5 + (field - 13) / 3;

    private const int GroupFamily = 7;

    /// <summary>Reads the typed parameters with libvirt's checks: known names and types, each once, no value above QEMU's maximum, no total with its read/write pair.</summary>
    public static IoTuneChange Parse(IReadOnlyList<TypedParameter> parameters)
    {
        TypedValues.Distinct(parameters);
        var values = new ulong[DiskIoTuneDef.FieldCount];
        var families = new bool[GroupFamily + 1];
        string? group = null;
        foreach (var p in parameters)
        {
            if (p.Field == DiskIoTuneDef.GroupNameField)
            {
                group = TypedValues.Text(p);
                families[GroupFamily] = true;
                continue;
            }
            var field = IndexOf(p.Field);
            if (p.Type != TypedParameterType.ULLong)
                throw VirErrors.InvalidArg($"invalid type '{p.Type.LibvirtName()}' for parameter '{p.Field}', expected 'ullong'", VirErrorDomain.Qemu);
            if (p.AsULong > MaxValue)
                throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu, $"block I/O throttle limit value must be no more than {MaxValue}");
            values[field] = p.AsULong;
            families[FamilyOf(field)] = true;
        }
        var given = DiskIoTuneDef.Of(values, null);
        if (IoTuneRules.TotalWithReadOrWrite(given) is { } family)
            throw VirErrors.InvalidArg($"total and read/write of {family} cannot be set at the same time", VirErrorDomain.Qemu);
        return new IoTuneChange(values, families, group, families[GroupFamily], parameters);
    }

    private static int IndexOf(string field)
    {
        for (int i = 0; i < DiskIoTuneDef.FieldCount; i++)
            if (DiskIoTuneDef.Names[i] == field) return i;
        throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu, $"parameter '{field}' not supported");
    }

    /// <summary>The group whose limits a family not given keeps: the named group's (another disk in it), else the disk's own.</summary>
    public DiskIoTuneDef Current(IReadOnlyList<DiskDef> disks, DiskDef disk) =>
        _group is not null && disks.FirstOrDefault(d => d != disk && d.IoTune?.GroupName == _group)?.IoTune is { } shared
            ? shared
            : disk.IoTune ?? DiskIoTuneDef.None;

    /// <summary>The new limits of a disk whose current ones are <paramref name="old"/>.</summary>
    public DiskIoTuneDef ApplyTo(DiskIoTuneDef old)
    {
        var v = (ulong[])_values.Clone();
        for (int f = 0; f < 13; f++)
            if (!_families[FamilyOf(f)]) v[f] = old.Values[f];
        var group = _groupGiven ? _group : old.GroupName;
        for (int f = (int)IoTuneField.TotalBytesSecMaxLength; f < DiskIoTuneDef.FieldCount; f++)
        {
            int limit = f - (int)IoTuneField.TotalBytesSecMaxLength, burst = limit + (int)IoTuneField.TotalBytesSecMax;
            if (!_families[FamilyOf(f)]) v[f] = old.Values[f];
            else if (old.Values[f] != 0 && v[f] == 0) v[f] = v[limit] != 0 || v[burst] != 0 ? 1UL : 0UL;
        }
        var tune = DiskIoTuneDef.Of(v, group);
        if (HasAny(tune)) return tune;
        if (_groupGiven && !string.IsNullOrEmpty(_group) && _group != old.GroupName)
            throw VirErrors.Unsupported("creating a new group/updating existing with all tune parameters zero is not supported", VirErrorDomain.Qemu);
        return tune.WithGroup(null);
    }

    /// <summary>libvirt's test for a throttle worth keeping: a limit, a burst or a burst length (not the operation size alone).</summary>
    private static bool HasAny(DiskIoTuneDef t) =>
        t.Values.Where((_, i) => i != (int)IoTuneField.SizeIopsSec).Any(v => v != 0);

    /// <summary>
    /// The checks libvirt makes before it gives QEMU new limits (not for the saved definition): a burst needs its
    /// limit and may not be below it. libvirt words a missing limit as a reset whatever the change was.
    /// </summary>
    public static void CheckBursts(DiskIoTuneDef t)
    {
        for (int limit = 0; limit < 6; limit++)
        {
            ulong value = t.Values[limit], burst = t.Values[limit + (int)IoTuneField.TotalBytesSecMax];
            if (burst == 0) continue;
            string name = DiskIoTuneDef.Names[limit], burstName = DiskIoTuneDef.Names[limit + (int)IoTuneField.TotalBytesSecMax];
            if (value == 0)
                throw VirErrors.Unsupported($"cannot reset '{name}' when '{burstName}' is set", VirErrorDomain.Qemu);
            if (burst < value)
                throw VirErrors.Unsupported($"value '{burstName}' cannot be smaller than '{name}'", VirErrorDomain.Qemu);
        }
    }

    /// <summary>The disks with the new limits: the changed disk, and every other disk of its group (they share the limits).</summary>
    public static IReadOnlyList<DiskDef> Spread(IReadOnlyList<DiskDef> disks, DiskDef disk, DiskIoTuneDef tune) =>
        disks.Select(d => d == disk || (tune.GroupName is not null && d.IoTune?.GroupName == tune.GroupName)
            ? d with { IoTune = tune.IsEmpty ? null : tune }
            : d).ToList();

    /// <summary>The tunable event's parameters: the disk as given, then each parameter given, named "blkdeviotune.NAME".</summary>
    public IReadOnlyList<TypedParameter> EventParams(string disk) =>
        [TypedParameter.String("blkdeviotune.disk", disk), .. Given.Select(p => p with { Field = "blkdeviotune." + p.Field })];

    /// <summary>The typed parameters of a get, in libvirt's order (group_name "" when the disk has no group).</summary>
    public static IReadOnlyList<TypedParameter> Values(DiskIoTuneDef t)
    {
        var list = new List<TypedParameter>(DiskIoTuneDef.FieldCount + 1);
        for (int i = 0; i < DiskIoTuneDef.FieldCount; i++)
        {
            list.Add(TypedParameter.ULLong(DiskIoTuneDef.Names[i], t.Values[i]));
            if (i == (int)IoTuneField.SizeIopsSec) list.Add(TypedParameter.String(DiskIoTuneDef.GroupNameField, t.GroupName ?? ""));
        }
        return list;
    }

    public const int ParameterCount = DiskIoTuneDef.FieldCount + 1;
}
