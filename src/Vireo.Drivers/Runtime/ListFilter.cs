using Vireo.Core.State;
using Vireo.Drivers.Contracts;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// libvirt's rules for CONNECT_LIST_ALL_DOMAINS flags: within each group (active/inactive,
/// persistent/transient, state, managed save, autostart, snapshot) a domain must match one of the
/// flags given; a group with no flag set does not filter.
/// </summary>
public static class ListFilter
{
    public static bool Matches(DomainSummary d, ListFlags f)
    {
        bool active = d.Ref.IsActive;
        if (!Group(f, ListFlags.Active | ListFlags.Inactive, (active && f.HasFlag(ListFlags.Active)) || (!active && f.HasFlag(ListFlags.Inactive))))
            return false;
        if (!Group(f, ListFlags.Persistent | ListFlags.Transient, (d.Persistent && f.HasFlag(ListFlags.Persistent)) || (!d.Persistent && f.HasFlag(ListFlags.Transient))))
            return false;
        var s = d.State.State;
        bool other = s is not (DomainState.Running or DomainState.Paused or DomainState.Shutoff);
        if (!Group(f, ListFlags.Running | ListFlags.Paused | ListFlags.Shutoff | ListFlags.Other,
                (s == DomainState.Running && f.HasFlag(ListFlags.Running)) || (s == DomainState.Paused && f.HasFlag(ListFlags.Paused)) ||
                (s == DomainState.Shutoff && f.HasFlag(ListFlags.Shutoff)) || (other && f.HasFlag(ListFlags.Other))))
            return false;
        if (!Group(f, ListFlags.ManagedSave | ListFlags.NoManagedSave, (d.HasManagedSave && f.HasFlag(ListFlags.ManagedSave)) || (!d.HasManagedSave && f.HasFlag(ListFlags.NoManagedSave))))
            return false;
        if (!Group(f, ListFlags.Autostart | ListFlags.NoAutostart, (d.Autostart && f.HasFlag(ListFlags.Autostart)) || (!d.Autostart && f.HasFlag(ListFlags.NoAutostart))))
            return false;
        bool snaps = d.SnapshotCount > 0;
        if (!Group(f, ListFlags.HasSnapshot | ListFlags.NoSnapshot, (snaps && f.HasFlag(ListFlags.HasSnapshot)) || (!snaps && f.HasFlag(ListFlags.NoSnapshot))))
            return false;
        bool checkpoints = d.CheckpointCount > 0;
        if (!Group(f, ListFlags.HasCheckpoint | ListFlags.NoCheckpoint, (checkpoints && f.HasFlag(ListFlags.HasCheckpoint)) || (!checkpoints && f.HasFlag(ListFlags.NoCheckpoint))))
            return false;
        return true;
    }

    private static bool Group(ListFlags flags, ListFlags group, bool matched) => (flags & group) == 0 || matched;

    /// <summary>
    /// One group of two opposite list flags (active/inactive, persistent/transient, autostart/no-autostart), as
    /// libvirt's network and storage pool listings apply them: neither bit set means either value.
    /// </summary>
    public static bool OppositePair(ulong flags, ulong yes, ulong no, bool value) =>
        (flags & (yes | no)) == 0 || ((flags & yes) != 0 && value) || ((flags & no) != 0 && !value);
}
