using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Reads of QEMU domains. None takes the domain's job: they answer from the DomainObject snapshot, the
/// guest's cached facts (balloon size, vCPU threads) and /proc, so a long start or a hung monitor never
/// blocks a list or an info. Only the statistics calls talk to QEMU.
/// </summary>
internal sealed partial class QemuQueries(DriverContext ctx, QemuHostInfo host) : IDomainQueries
{
    private const uint VcpuMaximum = 4;

    public IReadOnlyList<DomainSummary> List(ListFlags flags)
    {
        var all = ctx.Registry.All;
        var rows = new List<DomainSummary>(all.Count);
        foreach (var d in all)
        {
            // Counting snapshots reads a directory: only when the filter asks about them.
            var snapshots = (flags & (ListFlags.HasSnapshot | ListFlags.NoSnapshot)) != 0 ? Features.Snapshots.SnapshotFiles.Count(ctx.Paths, d.Name) : 0;
            var managedSave = (flags & (ListFlags.ManagedSave | ListFlags.NoManagedSave)) != 0 && Features.Save.ManagedSaveImage.Exists(ctx.Paths, d.Name);
            var checkpoints = (flags & (ListFlags.HasCheckpoint | ListFlags.NoCheckpoint)) != 0 ? Features.Checkpoints.CheckpointFiles.Count(ctx.Paths, d.Name) : 0;
            var row = new DomainSummary(d.Ref, d.State, d.IsPersistent, d.Autostart, snapshots, managedSave, checkpoints);
            if (ListFilter.Matches(row, flags)) rows.Add(row);
        }
        rows.Sort(static (a, b) => string.CompareOrdinal(a.Ref.Name, b.Ref.Name));
        return rows;
    }

    /// <summary>One file check for this domain's image, instead of one per domain through a filtered listing.</summary>
    public bool HasManagedSave(Guid uuid) => Features.Save.ManagedSaveImage.Exists(ctx.Paths, ctx.Registry.GetByUuid(uuid).Name);

    public DomainRef LookupByName(string name) => ctx.Registry.GetByName(name).Ref;
    public DomainRef LookupByUuid(Guid uuid) => ctx.Registry.GetByUuid(uuid).Ref;
    public DomainRef LookupById(int id) => ctx.Registry.GetById(id).Ref;

    public DomainInfo Info(Guid uuid)
    {
        var d = ctx.Registry.GetByUuid(uuid);
        var def = d.Current;
        var max = def.Memory?.KiB ?? 0;
        var guest = d.Handle as GuestProcess;
        var cur = guest?.State.BalloonKiB ?? def.CurrentMemory?.KiB ?? max;
        // Shut off, libvirt reports the configured current memory (checked against libvirtd 9.0).
        return new DomainInfo(d.State.State, max, cur, (int)CurrentVcpus(def), CpuTimeNs(guest));
    }

    public StateWithReason State(Guid uuid) => ctx.Registry.GetByUuid(uuid).State;

    public DomainControlInfo ControlInfo(Guid uuid) => DomainControl.Of(ctx.Registry.GetByUuid(uuid), DateTime.UtcNow);

    public string Xml(Guid uuid, XmlFlags flags)
    {
        var d = ctx.Registry.GetByUuid(uuid);
        var inactive = flags.HasFlag(XmlFlags.Inactive) && d.Persistent is not null;
        var def = inactive ? d.Persistent! : d.Current;
        var guest = d.Handle as GuestProcess;
        if (!inactive && guest?.State.BalloonKiB is { } balloon)
            def = def with { CurrentMemory = MemorySize.FromKiB(balloon) };
        if (!inactive && guest is not null)
            def = Features.Agent.ChannelStates.Apply(def, guest.ChannelStates);
        return DomainXml.Format(def, new DomainXmlFormatOptions
        {
            Secure = flags.HasFlag(XmlFlags.Secure),
            Id = d.IsActive && !inactive ? d.Id : null,
        });
    }

    public string OsType(Guid uuid) => ctx.Registry.GetByUuid(uuid).Current.Os.Type == Core.Domain.OsType.Exe ? "exe" : "hvm";
    public bool IsPersistent(Guid uuid) => ctx.Registry.GetByUuid(uuid).IsPersistent;
    public bool Autostart(Guid uuid) => ctx.Registry.GetByUuid(uuid).Autostart;

    /// <summary>virDomainObjGetOneDef: --live of a shut-off domain and --config of a transient one are refused.</summary>
    public int VcpuCount(Guid uuid, uint flags)
    {
        var d = ctx.Registry.GetByUuid(uuid);
        var def = Features.Tuning.DomainChanges.ReadTarget(d, (ModifyFlags)(flags & (uint)(ModifyFlags.Live | ModifyFlags.Config)));
        return (int)((flags & VcpuMaximum) != 0 ? def.Vcpu?.Count ?? 1 : CurrentVcpus(def));
    }

    public IReadOnlyList<VcpuInfo> Vcpus(Guid uuid)
    {
        var guest = RequireRunning(uuid);
        var result = new List<VcpuInfo>();
        for (int i = 0; i < guest.VcpuThreads.Count; i++)
        {
            var stat = ProcPidStat.TryReadThread(guest.Process.Pid, guest.VcpuThreads[i]);
            // virVcpuInfo.state: 1 = running (libvirt reports running for every online vCPU).
            result.Add(new VcpuInfo(i, 1, stat is null ? 0 : (ulong)stat.CpuTime.Ticks * 100, stat?.LastCpu ?? -1));
        }
        return result;
    }

    public IReadOnlyList<IReadOnlyList<bool>> VcpuPinInfo(Guid uuid, ModifyFlags flags)
    {
        var d = ctx.Registry.GetByUuid(uuid);
        var def = Features.Tuning.DomainChanges.ReadTarget(d, flags);
        var map = host.CpuMap();
        var n = (int)(def.Vcpu?.Count ?? 1);
        var pins = def.CpuTune?.VcpuPins ?? [];
        var defaultSet = def.Vcpu?.CpuSet;
        return Enumerable.Range(0, n).Select(i =>
        {
            var set = pins.FirstOrDefault(p => p.Vcpu == i)?.CpuSet ?? defaultSet;
            return (IReadOnlyList<bool>)map.Select((online, cpu) => set is null ? online : set.Contains(cpu)).ToArray();
        }).ToArray();
    }

    public ulong MaxMemoryKiB(Guid uuid) => ctx.Registry.GetByUuid(uuid).Current.Memory?.KiB ?? 0;

    internal GuestProcess RequireRunning(Guid uuid)
    {
        var d = ctx.Registry.GetByUuid(uuid);
        return d.Handle as GuestProcess ?? throw VirErrors.NotRunning(d.Name);
    }

    internal static uint CurrentVcpus(DomainDef def) => def.Vcpu?.Current ?? def.Vcpu?.Count ?? 1;

    /// <summary>QEMU's CPU time (all threads) from /proc/PID/stat, in nanoseconds; 0 when not running.</summary>
    internal static ulong CpuTimeNs(GuestProcess? guest) =>
        guest is null ? 0 : ProcPidStat.TryRead(guest.Process.Pid) is { } s ? (ulong)s.CpuTime.Ticks * 100 : 0;
}
