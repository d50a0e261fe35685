using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Qemu.Driver.Features.Perf;

namespace Vireo.Qemu.Tests.Features.Perf;

/// <summary>The perf_event_attr type/config chosen per event name (libvirt's virperf.c table) and the set call's checks.</summary>
public sealed class PerfEventAttrsTests
{
    /// <summary>Golden: name -> kind, type, config for all 22 events (RDT's type comes from the intel_cqm PMU at enable).</summary>
    private const string Golden = """
        cmt Rdt 0 1
        mbmt Rdt 0 2
        mbml Rdt 0 3
        cpu_cycles Hardware 0 0
        instructions Hardware 0 1
        cache_references Hardware 0 2
        cache_misses Hardware 0 3
        branch_instructions Hardware 0 4
        branch_misses Hardware 0 5
        bus_cycles Hardware 0 6
        stalled_cycles_frontend Hardware 0 7
        stalled_cycles_backend Hardware 0 8
        ref_cpu_cycles Hardware 0 9
        cpu_clock Software 1 0
        task_clock Software 1 1
        page_faults Software 1 2
        context_switches Software 1 3
        cpu_migrations Software 1 4
        page_faults_min Software 1 5
        page_faults_maj Software 1 6
        alignment_faults Software 1 7
        emulation_faults Software 1 8
        """;

    [Fact]
    public void Every_event_gets_libvirts_type_and_config()
    {
        var actual = string.Join("\n", PerfEventNames.All.Select(PerfEventAttrs.For).Select(a => $"{a.Name} {a.Kind} {a.Type} {a.Config}"));
        Assert.Equal(Golden.ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Unknown_name_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => PerfEventAttrs.For("bogus"));

    [Fact]
    public void Set_parameters_are_checked_in_name_order_as_libvirt_checks_them()
    {
        var dup = Assert.Throws<VirException>(() => PerfParams.Read([TypedParameter.Bool("zzz", true), TypedParameter.Bool("cpu_clock", true), TypedParameter.Bool("cpu_clock", false)]));
        Assert.Equal("invalid argument: parameter 'cpu_clock' occurs multiple times", dup.Message);
        var unknown = Assert.Throws<VirException>(() => PerfParams.Read([TypedParameter.Bool("bogus", true)]));
        Assert.Equal((VirErrorCode.ArgumentUnsupported, "argument unsupported: parameter 'bogus' not supported"), (unknown.Code, unknown.Message));
        var type = Assert.Throws<VirException>(() => PerfParams.Read([TypedParameter.ULLong("task_clock", 1)]));
        Assert.Equal("invalid argument: invalid type 'ullong' for parameter 'task_clock', expected 'boolean'", type.Message);
        Assert.Equal([new("task_clock", true), new("cpu_clock", false)],
            PerfParams.Read([TypedParameter.Bool("task_clock", true), TypedParameter.Bool("cpu_clock", false)]));
    }

    [Fact]
    public void Get_lists_all_22_as_booleans_in_libvirts_order()
    {
        var all = PerfParams.All(n => n == "page_faults");
        Assert.Equal(PerfEventNames.All, all.Select(p => p.Field));
        Assert.All(all, p => Assert.Equal(TypedParameterType.Boolean, p.Type));
        Assert.Equal(["page_faults"], all.Where(p => p.Integer != 0).Select(p => p.Field));
    }
}
