using System.Globalization;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>setvcpus, setvcpu, guestvcpus and domjobinfo, with virsh's option rules and words.</summary>
public sealed class VcpuAndJobCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var count = new NamedArg("count", "number of virtual CPUs");
        var maximum = Opt.Flag("--maximum", "set maximum limit on next boot");
        var impact = new ImpactOptions();
        var guest = Opt.Flag("--guest", "modify cpu state in the guest");
        var hotpluggable = Opt.Flag("--hotpluggable", "make added vcpus hot(un)pluggable");
        set.Add("setvcpus", "change number of virtual CPUs", async ctx =>
        {
            var flags = impact.Read(ctx);
            ctx.Exclusive(guest, impact.Config);
            if (ctx.Has(maximum) && !ctx.Has(impact.Config)) throw new CliError("Option --config is required by option --maximum");
            var dom = await ctx.DomainAsync(domain);
            var text = ctx.Optional(count) ?? throw new CliError("command 'setvcpus' requires --count option");
            if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new CliError($"Numeric value '{text}' for <count> option is malformed or out of range");
            if (n == 0) throw new CliError("Can't set 0 processors for a VM");
            var f = (VcpuModFlags)(uint)(flags ?? ModifyFlags.Current)
                | (ctx.Has(maximum) ? VcpuModFlags.Maximum : 0)
                | (ctx.Has(guest) ? VcpuModFlags.Guest : 0)
                | (ctx.Has(hotpluggable) ? VcpuModFlags.Hotpluggable : 0);
            // virsh: with no option at all, the older call, which changes the running guest.
            if (flags is null && f == VcpuModFlags.Current) await dom.SetVcpusLiveAsync(n, ctx.Ct);
            else await dom.SetVcpusAsync(n, f, ctx.Ct);
        }, [domain, count, maximum, .. impact.Symbols, guest, hotpluggable]);

        var vcpuList = new NamedArg("vcpulist", "ids of vcpus to manipulate");
        var enable = Opt.Flag("--enable", "enable cpus specified by cpumap");
        var disable = Opt.Flag("--disable", "disable cpus specified by cpumap");
        var vcpuImpact = new ImpactOptions();
        set.Add("setvcpu", "attach/detach vcpu or groups of threads", async ctx =>
        {
            var flags = vcpuImpact.Read(ctx) ?? ModifyFlags.Current;
            ctx.Exclusive(enable, disable);
            if (!ctx.Has(enable) && !ctx.Has(disable)) throw new CliError("one of --enable, --disable is required");
            var list = ctx.Required(vcpuList);
            if (list.Length == 0) throw new CliError("Failed to get option 'vcpulist': Option argument is empty");
            var dom = await ctx.DomainAsync(domain);
            await dom.SetVcpuAsync(list, ctx.Has(enable), flags, ctx.Ct);
        }, [domain, vcpuList, enable, disable, .. vcpuImpact.Symbols]);

        var cpuList = Opt.Text("--cpulist", "list of cpus to enable or disable");
        var guestEnable = Opt.Flag("--enable", "enable cpus specified by cpulist");
        var guestDisable = Opt.Flag("--disable", "disable cpus specified by cpulist");
        set.Add("guestvcpus", "query or modify state of vcpu in the guest (via agent)", async ctx =>
        {
            ctx.Exclusive(guestEnable, guestDisable);
            var list = ctx.Get(cpuList);
            foreach (var option in new[] { guestEnable, guestDisable })
                if (ctx.Has(option) && list is null) throw new CliError($"Option --cpulist is required by option {option.Name}");
            if (list is { Length: 0 }) throw new CliError("Failed to get option 'cpulist': Option argument is empty");
            if (list is not null && !ctx.Has(guestEnable) && !ctx.Has(guestDisable))
                throw new CliError("One of options --enable or --disable is required by option --cpulist");
            var dom = await ctx.DomainAsync(domain);
            if (list is not null) await dom.SetGuestVcpusAsync(list, ctx.Has(guestEnable), ctx.Ct);
            else ctx.Out.Write(GuestAgentFormat.GuestVcpus(await dom.GetGuestVcpusAsync(ctx.Ct)));
        }, domain, cpuList, guestEnable, guestDisable);

        var completed = Opt.Flag("--completed", "return statistics of a recently completed job");
        var keepCompleted = Opt.Flag("--keep-completed", "don't destroy statistics of a recently completed job when reading");
        var anystats = Opt.Flag("--anystats", "print statistics for any kind of job (even failed ones)");
        var rawstats = Opt.Flag("--rawstats", "print the raw data returned by libvirt");
        set.Add("domjobinfo", "domain job information", async ctx =>
        {
            if (ctx.Has(keepCompleted) && !ctx.Has(completed)) throw new CliError("Option --completed is required by option --keep-completed");
            var dom = await ctx.DomainAsync(domain);
            uint flags = (ctx.Has(completed) ? 1u : 0) | (ctx.Has(keepCompleted) ? 2u : 0);
            var (type, stats) = await dom.GetJobStatsAsync(flags, ctx.Ct);
            ctx.Out.Write(JobFormat.JobInfo(type, stats, ctx.Has(rawstats), ctx.Has(completed)));
        }, domain, completed, keepCompleted, anystats, rawstats);
    }
}
