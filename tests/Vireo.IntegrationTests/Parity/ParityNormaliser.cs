using System.Text.RegularExpressions;

namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// What must differ between two daemons running the same guest, blanked so the rest can be compared byte for
/// byte. Only figures that move on their own are blanked, never a field's name or presence: CPU times, the
/// guest's clock, the balloon's guest-side statistics, I/O counters, the disk image's allocation on the host
/// (the file system decides it; domstats' physical of a running disk is that too), pty paths, and each
/// daemon's own directory.
/// </summary>
internal static partial class ParityNormaliser
{
    public static string Normalise(string text, string dir)
    {
        text = text.Replace(dir, "DIR", StringComparison.Ordinal);
        foreach (var (pattern, replacement) in Rules)
            text = pattern.Replace(text, replacement);
        return text;
    }

    private static readonly (Regex Pattern, string Replacement)[] Rules =
    [
        // dominfo, vcpuinfo: "CPU time:       6.1s"; vcpuinfo's host CPU the vCPU last ran on.
        (CpuTimeLine(), "${1}N"),
        (LastCpuLine(), "${1}N"),
        // domstats: CPU and vCPU times, balloon statistics the guest reports, block and interface counters.
        (MovingStat(), "${1}=N"),
        // dommemstat: the guest's statistics ("actual", the balloon's target, stays).
        (MemStatLine(), "${1} N"),
        // domtime: the guest's clock, plain and --pretty.
        (GuestTime(), "Time: N"),
        // domblkstat, domifstat: counters ("vda rd_req 2", or --human's " number of read operations:  2").
        (BlockStatLine(), "${1} N"),
        (HumanStatLine(), "${1}N"),
        (IfStatLine(), "${1} N"),
        // domblkinfo: what the image occupies on the host's disk.
        (BlockInfoAllocation(), "${1}N"),
        (BlockInfoTableRow(), "${1}N${2}"),
        // cpu-stats: "	cpu_time             5.084262595 seconds"
        (CpuStatsLine(), "${1}N seconds"),
        (Pty(), "/dev/pts/N"),
        // snapshot-list, snapshot-info: when the snapshot was taken.
        (Timestamp(), "TIME"),
        // checkpoint-dumpxml: when the checkpoint was made.
        (CreationTime(), "<creationTime>TIME</creationTime>"),
    ];

    [GeneratedRegex(@"^(CPU time:\s+)[0-9.]+s$", RegexOptions.Multiline)]
    private static partial Regex CpuTimeLine();

    [GeneratedRegex(@"^(CPU:\s+)\d+$", RegexOptions.Multiline)]
    private static partial Regex LastCpuLine();

    [GeneratedRegex(@"^(\s+(?:cpu\.(?:time|user|system)|vcpu\.\d+\.(?:time|wait|delay)|balloon\.(?:swap_in|swap_out|major_fault|minor_fault|unused|available|usable|last-update|disk_caches|hugetlb_pgalloc|hugetlb_pgfail|rss)|block\.\d+\.(?:rd|wr|fl)\.(?:reqs|bytes|times)|block\.\d+\.(?:allocation|physical)|net\.\d+\.(?:rx|tx)\.(?:bytes|pkts|errs|drop)))=\d+$", RegexOptions.Multiline)]
    private static partial Regex MovingStat();

    [GeneratedRegex(@"^(swap_in|swap_out|major_fault|minor_fault|unused|available|usable|last_update|disk_caches|hugetlb_pgalloc|hugetlb_pgfail|rss) \d+$", RegexOptions.Multiline)]
    private static partial Regex MemStatLine();

    [GeneratedRegex(@"^Time: (?:\d+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$", RegexOptions.Multiline)]
    private static partial Regex GuestTime();

    [GeneratedRegex(@"^(\S+ (?:rd|wr|flush)_(?:req|bytes|operations|total_times)) -?\d+$", RegexOptions.Multiline)]
    private static partial Regex BlockStatLine();

    [GeneratedRegex(@"^( number of [a-z ]+:\s+| total duration of [a-z ]+\(ns\):\s+)\d+$", RegexOptions.Multiline)]
    private static partial Regex HumanStatLine();

    [GeneratedRegex(@"^(\S+ (?:rx|tx)_(?:bytes|packets|errs|drop)) -?\d+$", RegexOptions.Multiline)]
    private static partial Regex IfStatLine();

    [GeneratedRegex(@"^(Allocation:\s+)\d+$", RegexOptions.Multiline)]
    private static partial Regex BlockInfoAllocation();

    [GeneratedRegex(@"^( [vsh]d[a-z]+\s+\d+\s+)\d+(\s+\d+)$", RegexOptions.Multiline)]
    private static partial Regex BlockInfoTableRow();

    [GeneratedRegex(@"^(\t(?:cpu_time|user_time|system_time|vcpu_time)\s+)[0-9.]+ seconds$", RegexOptions.Multiline)]
    private static partial Regex CpuStatsLine();

    [GeneratedRegex(@"/dev/pts/\d+")]
    private static partial Regex Pty();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"<creationTime>\d+</creationTime>")]
    private static partial Regex CreationTime();
}
