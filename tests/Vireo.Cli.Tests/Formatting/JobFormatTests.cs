using Vireo.Cli.Formatting;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Tests.Formatting;

public sealed class JobFormatTests
{
    [Fact]
    public void Domjobinfo_prints_the_type_as_virsh_does_and_the_raw_form_with_statistics()
    {
        // virsh domjobinfo / --rawstats of a running domain under libvirtd 9.0 (virsh adds the last newline).
        Assert.Equal("Job type:         None        \n", JobFormat.JobInfo(DomainJobType.None, [], raw: false));
        Assert.Equal("Job type: 0\n\n", JobFormat.JobInfo(DomainJobType.None, [], raw: true));
        Assert.Equal("Job type: 2\n\ntime_elapsed: 1500\n",
            JobFormat.JobInfo(DomainJobType.Unbounded, [TypedParameter.ULLong("time_elapsed", 1500)], raw: true));
    }

    [Fact]
    public void Domjobinfo_completed_prints_a_saves_statistics_as_virsh_9_does()
    {
        // What Debian's virsh 9.0 printed for `domjobinfo --completed` after a sandboxed libvirtd 9.0 had saved a TCG
        // guest (with --rawstats, the same statistics in this order), less the last newline virsh adds.
        IReadOnlyList<TypedParameter> stats =
        [
            TypedParameter.Int("operation", 2), TypedParameter.ULLong("time_elapsed", 164), TypedParameter.ULLong("downtime", 161),
            TypedParameter.ULLong("setup_time", 1), TypedParameter.ULLong("data_total", 268967936), TypedParameter.ULLong("data_processed", 109415719),
            TypedParameter.ULLong("data_remaining", 0), TypedParameter.ULLong("memory_total", 268967936), TypedParameter.ULLong("memory_processed", 109415719),
            TypedParameter.ULLong("memory_remaining", 0), TypedParameter.ULLong("memory_bps", 969704725), TypedParameter.ULLong("memory_constant", 39091),
            TypedParameter.ULLong("memory_normal", 26575), TypedParameter.ULLong("memory_normal_bytes", 108851200), TypedParameter.ULLong("memory_dirty_rate", 0),
            TypedParameter.ULLong("memory_iteration", 3), TypedParameter.ULLong("memory_postcopy_requests", 0), TypedParameter.ULLong("memory_page_size", 4096),
        ];
        Assert.Equal(
            "Job type:         Completed   \n" +
            "Operation:        Save        \n" +
            "Time elapsed:     164          ms\n" +
            "Data processed:   104.347 MiB\n" +
            "Data remaining:   0.000 B\n" +
            "Data total:       256.508 MiB\n" +
            "Memory processed: 104.347 MiB\n" +
            "Memory remaining: 0.000 B\n" +
            "Memory total:     256.508 MiB\n" +
            "Memory bandwidth: 924.782 MiB/s\n" +
            "Dirty rate:       0            pages/s\n" +
            "Page size:        4096         bytes\n" +
            "Iteration:        3           \n" +
            "Postcopy requests: 0           \n" +
            "Constant pages:   39091       \n" +
            "Normal pages:     26575       \n" +
            "Normal data:      103.809 MiB\n" +
            "Total downtime:   161          ms\n" +
            "Setup time:       1            ms\n",
            JobFormat.JobInfo(DomainJobType.Completed, stats, raw: false, completed: true));
        // Without --completed virsh stops after the type line, whatever the daemon answered.
        Assert.Equal("Job type:         Completed   \n", JobFormat.JobInfo(DomainJobType.Completed, stats, raw: false));
    }

    [Fact]
    public void A_backup_prints_its_operation_time_and_disk_counters_as_virsh_does()
    {
        // virsh domjobinfo under libvirtd 9.0 during a push backup of a 700 MiB disk (before virsh's last newline).
        Assert.Equal("""
            Job type:         Unbounded   
            Operation:        Backup      
            Time elapsed:     1221         ms
            File processed:   458.000 MiB
            File remaining:   242.000 MiB
            File total:       700.000 MiB

            """, JobFormat.JobInfo(DomainJobType.Unbounded,
            [TypedParameter.Int("operation", 9), TypedParameter.ULLong("time_elapsed", 1221), TypedParameter.ULLong("disk_total", 700UL << 20),
             TypedParameter.ULLong("disk_processed", 458UL << 20), TypedParameter.ULLong("disk_remaining", 242UL << 20)], raw: false));
    }
}
