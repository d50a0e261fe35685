using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Client;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>schedinfo, vcpupin, emulatorpin, numatune: CPU and NUMA tuning, printed as virsh prints it.</summary>
public sealed class TuningCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var sched = new ImpactOptions();
        var assign = new System.CommandLine.Option<string[]>("--set") { Description = "parameter=value", AllowMultipleArgumentsPerToken = false };
        set.Add("schedinfo", "show/set scheduler parameters", async ctx =>
        {
            var flags = sched.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var (type, _) = await dom.GetSchedulerTypeAsync(ctx.Ct);
            var current = await dom.GetSchedulerParametersAsync(flags, ctx.Ct);
            if (ctx.Get(assign) is { Length: > 0 } sets)
            {
                var changes = sets.Select(s => TuningArgs.Assignment(s, current)).ToArray();
                await dom.SetSchedulerParametersAsync(changes, flags, ctx.Ct);
                current = await dom.GetSchedulerParametersAsync(flags, ctx.Ct);
            }
            ctx.Out.Write(TuningFormat.Line("Scheduler", type) + TuningFormat.Params(current));
        }, [domain, assign, .. sched.Symbols]);

        var vcpu = new NamedArg("vcpu", "vcpu number", required: false);
        var cpulist = new NamedArg("cpulist", "host cpu number(s) to set, or omit option to query", required: false);
        var pin = new ImpactOptions();
        set.Add("vcpupin", "control or query domain vcpu affinity", async ctx =>
        {
            var flags = pin.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var (hostMap, _) = await dom.Connection.GetCpuMapAsync(ctx.Ct);
            int? which = ctx.Optional(vcpu) is { } v ? ParseVcpu(v) : null;
            if (ctx.Optional(cpulist) is { } list)
            {
                if (which is not { } n) throw new CliError("vcpupin: Missing vCPU number in pin mode.");
                await dom.PinVcpuAsync(n, TuningArgs.CpuMap(list, hostMap.Count), flags, ctx.Ct);
                return;
            }
            var count = await dom.GetVcpuCountAsync((uint)flags | 4, ctx.Ct);
            if (which >= count) throw new CliError($"vcpu {which} is out of range of the domain's {count} vCPUs");
            var maps = await dom.GetVcpuPinInfoAsync(count, hostMap.Count, flags, ctx.Ct);
            ctx.Out.Write(TuningFormat.VcpuPins(maps, which));
        }, [domain, vcpu, cpulist, .. pin.Symbols]);

        var emulatorCpus = new NamedArg("cpulist", "host cpu number(s) to set, or omit option to query", required: false);
        var emu = new ImpactOptions();
        set.Add("emulatorpin", "control or query domain emulator affinity", async ctx =>
        {
            var flags = emu.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var (hostMap, _) = await dom.Connection.GetCpuMapAsync(ctx.Ct);
            if (ctx.Optional(emulatorCpus) is { } list)
            {
                await dom.PinEmulatorAsync(TuningArgs.CpuMap(list, hostMap.Count), flags, ctx.Ct);
                return;
            }
            ctx.Out.Write(TuningFormat.EmulatorPin(await dom.GetEmulatorPinInfoAsync(hostMap.Count, flags, ctx.Ct)));
        }, [domain, emulatorCpus, .. emu.Symbols]);

        var mode = Opt.Text("--mode", "NUMA mode, one of strict, preferred, interleave and restrictive");
        var nodeset = Opt.Text("--nodeset", "NUMA node selections to set");
        var numa = new ImpactOptions();
        set.Add("numatune", "Get or set numa parameters", async ctx =>
        {
            var flags = numa.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var changes = new List<TypedParameter>();
            if (ctx.Get(mode) is { } m) changes.Add(TypedParameter.Int(NumaParams.Mode, NumaMode(m)));
            if (ctx.Get(nodeset) is { } n) changes.Add(TypedParameter.String(NumaParams.Nodeset, n));
            if (changes.Count > 0)
            {
                await CliError.Wrap("Unable to change numa parameters", () => dom.SetNumaParametersAsync(changes, flags, ctx.Ct));
                return;
            }
            ctx.Out.Write(TuningFormat.Numa(await CliError.Wrap("Unable to get number of memory parameters", () => dom.GetNumaParametersAsync(flags, ctx.Ct))));
        }, [domain, mode, nodeset, .. numa.Symbols]);
    }

    private static int ParseVcpu(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CliError($"Numeric value '{text}' for <vcpu> option is malformed or out of range");

    private static int NumaMode(string text) => text.ToLowerInvariant() switch
    {
        "strict" => NumaParams.ModeStrict,
        "preferred" => NumaParams.ModePreferred,
        "interleave" => NumaParams.ModeInterleave,
        "restrictive" => NumaParams.ModeRestrictive,
        _ when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new CliError($"Invalid mode: {text}"),
    };
}
