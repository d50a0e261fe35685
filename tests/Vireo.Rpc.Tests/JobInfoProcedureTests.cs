using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;

namespace Vireo.Rpc.Tests;

/// <summary>domjobinfo's answer from a domain's state (libvirtd 9.0 gives the same for a domain without a long job).</summary>
public sealed class JobInfoProcedureTests
{
    [Fact]
    public async Task A_running_domain_has_no_long_job_even_while_an_operation_holds_it_and_a_shut_off_one_is_refused()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var def = DomainXml.Parse($"<domain type='qemu'><name>j1</name><uuid>{Guid.NewGuid()}</uuid><memory>65536</memory><os><type>hvm</type></os></domain>");
        var dom = r.AddOrGet(def.Uuid, def.Name, () => new DomainObject(def, persistentDefined: true));
        Assert.Equal("Requested operation is not valid: domain is not running", Assert.Throws<VirException>(() => DomainJobReport.Of(dom)).Message);

        dom.SetActive(r.NextId(), StateWithReason.Of(RunningReason.Booted));
        Assert.Equal(DomainJobInfo.None, DomainJobReport.Of(dom));
        // Vireo's operations are libvirt's synchronous jobs, which domjobinfo does not show (domcontrol does).
        using (await dom.Job.AcquireAsync("snapshot-create", dom.Name, TimeSpan.FromSeconds(1), CancellationToken.None))
            Assert.Equal(DomainJobInfo.None, DomainJobReport.Of(dom));
    }
}

/// <summary>A running dump's statistics as libvirtd 9.0 lists them (virDomainGetJobStats during virsh dump --memory-only).</summary>
public sealed class DumpJobStatsTests
{
    [Fact]
    public void A_running_dump_reports_operation_time_and_memory_in_libvirts_order()
    {
        var job = new DomainJobInfo(DomainJobType.Unbounded, 330) { Operation = DomainJobOperation.Dump, Memory = new MemoryProgress(268697600, 125825024) };
        Assert.Equal(
            [
                Vireo.Core.Params.TypedParameter.Int("operation", 8),
                Vireo.Core.Params.TypedParameter.ULLong("time_elapsed", 330),
                Vireo.Core.Params.TypedParameter.ULLong("memory_total", 268697600),
                Vireo.Core.Params.TypedParameter.ULLong("memory_processed", 125825024),
                Vireo.Core.Params.TypedParameter.ULLong("memory_remaining", 142872576),
            ],
            JobStatsParams.Of(job));
    }
}

/// <summary>
/// The older fixed job record (virDomainGetJobInfo, python-libvirt's jobInfo()) filled as libvirt 9.0 fills it
/// (qemuDomainJobDataToInfo): memory from a stream or a memory-only dump, files from a backup, data the sum.
/// </summary>
public sealed class JobInfoRecordTests
{
    [Fact]
    public void Memory_comes_from_a_stream_or_a_dump_files_from_a_backup_and_data_is_both()
    {
        var save = new DomainJobInfo(DomainJobType.Unbounded, 40) { Operation = DomainJobOperation.Save, Stream = new MigrationStreamStats(1000, 600, 400) };
        Assert.Equal(new Protocol.Records.DomainGetJobInfoRet(2, 40, 0, 1000, 600, 400, 1000, 600, 400, 0, 0, 0), Protocol.Records.DomainGetJobInfoRet.From(save));

        var dump = new DomainJobInfo(DomainJobType.Unbounded, 50) { Operation = DomainJobOperation.Dump, Memory = new MemoryProgress(800, 300) };
        Assert.Equal(new Protocol.Records.DomainGetJobInfoRet(2, 50, 0, 800, 300, 500, 800, 300, 500, 0, 0, 0), Protocol.Records.DomainGetJobInfoRet.From(dump));

        var backup = new DomainJobInfo(DomainJobType.Unbounded, 60) { Operation = DomainJobOperation.Backup, Disks = new DiskCopyStats(900, 100) };
        Assert.Equal(new Protocol.Records.DomainGetJobInfoRet(2, 60, 0, 900, 100, 800, 0, 0, 0, 900, 100, 800), Protocol.Records.DomainGetJobInfoRet.From(backup));

        Assert.Equal(new Protocol.Records.DomainGetJobInfoRet(0, 0, 0), Protocol.Records.DomainGetJobInfoRet.From(DomainJobInfo.None));

        // What a client reads back: the memory and file progress (a stream's RAM as memory).
        Assert.Equal(dump, Protocol.Records.DomainGetJobInfoRet.From(dump).ToJobInfo() with { Operation = DomainJobOperation.Dump });
        Assert.Equal(backup, Protocol.Records.DomainGetJobInfoRet.From(backup).ToJobInfo() with { Operation = DomainJobOperation.Backup });
        Assert.Equal(new MemoryProgress(1000, 600), Protocol.Records.DomainGetJobInfoRet.From(save).ToJobInfo().Memory);
    }
}
