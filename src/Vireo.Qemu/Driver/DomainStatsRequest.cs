using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver;

/// <summary>virDomainStatsTypes: the groups of CONNECT_GET_ALL_DOMAIN_STATS (virsh domstats --state, --block, ...).</summary>
[Flags]
internal enum StatsGroups : uint
{
    None = 0,
    State = 1, CpuTotal = 2, Balloon = 4, Vcpu = 8, Interface = 16, Block = 32,
    Perf = 64, IoThread = 128, Memory = 256, DirtyRate = 512, Vm = 1024,
}

/// <summary>
/// What a CONNECT_GET_ALL_DOMAIN_STATS call asks for, decoded from its stats and flags words: which groups,
/// which domains (the list filters share CONNECT_LIST_ALL_DOMAINS' bits 0-7), and whether block entries
/// cover backing chains. Pure.
/// </summary>
internal sealed record DomainStatsRequest(StatsGroups Groups, ListFlags Filter, bool Backing, bool Enforce = false)
{
    /// <summary>The groups this driver answers; asking for none means all of these (libvirt's rule).</summary>
    public const StatsGroups Supported = StatsGroups.State | StatsGroups.CpuTotal | StatsGroups.Balloon |
                                         StatsGroups.Vcpu | StatsGroups.Interface | StatsGroups.Block | StatsGroups.Perf |
                                         StatsGroups.IoThread | StatsGroups.DirtyRate;

    /// <summary>The groups only QEMU can answer: with --enforce libvirt refuses them for a domain that is not running.</summary>
    public const StatsGroups NeedQemu = StatsGroups.DirtyRate;

    private const uint FilterBits = 0xff;
    private const uint NoWait = 1u << 29;       // we never wait for a job, so this changes nothing
    private const uint BackingFlag = 1u << 30;
    private const uint EnforceStats = 1u << 31;

    public bool Wants(StatsGroups group) => (Groups & group) != 0;

    /// <summary>libvirt's refusal, under --enforce, of a group QEMU must answer for a domain that has no QEMU.</summary>
    public void CheckEnforcedFor(bool running)
    {
        var needQemu = Groups & NeedQemu;
        if (Enforce && !running && needQemu != 0)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu,
                $"Stats types bits 0x{(uint)needQemu:x} are not supported by this daemon or QEMU");
    }

    public static DomainStatsRequest Decode(uint stats, uint flags)
    {
        VirErrors.CheckFlags(flags, FilterBits | NoWait | BackingFlag | EnforceStats, "qemuConnectGetAllDomainStats");
        var asked = (StatsGroups)stats;
        var unsupported = asked & ~Supported;
        if (unsupported != 0 && (flags & EnforceStats) != 0)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu,
                $"Stats types bits 0x{(uint)unsupported:x} are not supported by this daemon");
        var groups = asked == StatsGroups.None ? Supported : asked & Supported;
        return new DomainStatsRequest(groups, (ListFlags)(flags & FilterBits), (flags & BackingFlag) != 0, (flags & EnforceStats) != 0);
    }
}
