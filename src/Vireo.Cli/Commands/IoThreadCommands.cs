using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>iothreadinfo, iothreadpin, iothreadadd, iothreaddel, iothreadset: a domain's IOThreads, printed and checked as virsh 9.0 does.</summary>
public sealed class IoThreadCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var info = new ImpactOptions();
        set.Add("iothreadinfo", "view domain IOThreads", async ctx =>
        {
            var flags = info.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var threads = await dom.GetIoThreadInfoAsync(flags, ctx.Ct);
            // virsh prints this line without a newline of its own, as extra output (-q drops it): only the blank line follows.
            if (threads.Count == 0) ctx.PrintExtra("No IOThreads found for the domain");
            else ctx.Out.Write(IoThreadTable(threads));
        }, [domain, .. info.Symbols]);

        var pinId = new NamedArg("iothread", "IOThread ID number");
        var cpulist = new NamedArg("cpulist", "host cpu number(s) to set");
        var pin = new ImpactOptions();
        set.Add("iothreadpin", "control domain IOThread affinity", async ctx =>
        {
            var flags = pin.Read(ctx) ?? ModifyFlags.Current;
            // virsh 9.0 looks the domain up first; an id of 0 is left for the daemon to refuse.
            var dom = await ctx.DomainAsync(domain);
            var id = VshNumber.UInt(ctx.Required(pinId), "iothread");
            var (hostMap, _) = await dom.Connection.GetCpuMapAsync(ctx.Ct);
            await dom.PinIoThreadAsync(id, TuningArgs.CpuMap(ctx.Required(cpulist), hostMap.Count), flags, ctx.Ct);
        }, [domain, pinId, cpulist, .. pin.Symbols]);

        AddSet(set, domain);
        AddOrDelete(set, domain, "iothreadadd", "add an IOThread to the guest domain", "iothread for the new IOThread",
            static (dom, id, flags, ct) => dom.AddIoThreadAsync(id, flags, ct));
        AddOrDelete(set, domain, "iothreaddel", "delete an IOThread from the guest domain", "iothread_id for the IOThread to delete",
            static (dom, id, flags, ct) => dom.DeleteIoThreadAsync(id, flags, ct));
    }

    /// <summary>
    /// iothreadset in virsh's order: the domain, the id (a positive int), each value given (poll-max-ns an unsigned
    /// long long, poll-grow and poll-shrink unsigned ints, the pool bounds ints), then at least one of them.
    /// </summary>
    private static void AddSet(CommandSet set, NamedArg domain)
    {
        var idArg = new NamedArg("id", "iothread id of existing IOThread");
        var pollMaxNs = Opt.Int("--poll-max-ns", "set the maximum IOThread polling time in ns");
        var pollGrow = Opt.Int("--poll-grow", "set the value to increase the IOThread polling time");
        var pollShrink = Opt.Int("--poll-shrink", "set the value for reduction of the IOThread polling time");
        var poolMin = Opt.Int("--thread-pool-min", "lower boundary for worker thread pool");
        var poolMax = Opt.Int("--thread-pool-max", "upper boundary for worker thread pool");
        var impact = new ImpactOptions();
        set.Add("iothreadset", "modifies an existing IOThread of the guest domain", async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var id = PositiveId(ctx.Required(idArg));
            T? Read<T>(System.CommandLine.Option<string?> option, Func<string, string, T> parse) where T : struct =>
                ctx.Get(option) is { } text ? parse(text, option.Name.TrimStart('-')) : null;
            var p = new IoThreadParams(Read(pollMaxNs, VshNumber.ULong), Read(pollGrow, VshNumber.UInt), Read(pollShrink, VshNumber.UInt),
                Read(poolMin, VshNumber.Int), Read(poolMax, VshNumber.Int));
            if (!p.SetsPolling && !p.SetsPool) throw new CliError("Not enough arguments passed, nothing to set");
            await dom.SetIoThreadParamsAsync(id, p, flags, ctx.Ct);
        }, [domain, idArg, pollMaxNs, pollGrow, pollShrink, poolMin, poolMax, .. impact.Symbols]);
    }

    /// <summary>iothreadadd and iothreaddel take the same arguments: a domain, an id and the impact flags.</summary>
    private static void AddOrDelete(CommandSet set, NamedArg domain, string name, string help, string idHelp,
        Func<VirDomain, uint, ModifyFlags, CancellationToken, Task> change)
    {
        var idArg = new NamedArg("id", idHelp);
        var impact = new ImpactOptions();
        set.Add(name, help, async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            await change(dom, PositiveId(ctx.Required(idArg)), flags, ctx.Ct);
        }, [domain, idArg, .. impact.Symbols]);
    }

    /// <summary>
    /// The id of iothreadadd, iothreaddel and iothreadset, checked after the domain as virsh 9.0 does: an int
    /// (else virsh's "Numeric value ... is malformed" sentence), then above zero ("Invalid IOThread id value: '0'").
    /// </summary>
    private static uint PositiveId(string text)
    {
        var id = VshNumber.Int(text, "id");
        return id > 0 ? (uint)id : throw new CliError(Text.Inv($"Invalid IOThread id value: '{id}'"));
    }

    /// <summary>virsh's table of IOThreads and their CPUs.</summary>
    public static string IoThreadTable(IReadOnlyList<IoThreadInfo> threads) =>
        VshTable.Format(["IOThread ID", "CPU Affinity"],
            threads.Select(t => (IReadOnlyList<string>)[Text.Inv($"{t.Id}"), HostFormat.Ranges(t.CpuMap)]));
}
