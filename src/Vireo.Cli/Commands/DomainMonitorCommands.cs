using System.CommandLine;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>vcpuinfo, vcpucount, domblklist, domiflist, domblkstat, domifstat, domstats.</summary>
public sealed class DomainMonitorCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var pretty = Opt.Flag("--pretty", "return human readable output");
        set.Add("vcpuinfo", "detailed domain vcpu information", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var conn = dom.Connection;
            var (hostMap, _) = await conn.GetCpuMapAsync(ctx.Ct);
            var hostCpus = hostMap.Count;
            var mapLen = (hostCpus + 7) / 8;
            var info = await dom.GetInfoAsync(ctx.Ct);
            string Affinity(ReadOnlySpan<byte> map) => ctx.Has(pretty) ? Text.Inv($"{HostFormat.Ranges(Bits(map, hostCpus))} (out of {hostCpus})") : DomainFormat.AffinityMap(map, hostCpus);
            try
            {
                var (vcpus, maps) = await dom.GetVcpusWithMapsAsync(info.VirtCpus, mapLen, ctx.Ct);
                ctx.Out.Write(string.Join("\n", vcpus.Select((v, i) => DomainFormat.VcpuInfoBlock((int)v.Number,
                    new VcpuInfo((int)v.Number, v.State, v.CpuTime, v.Cpu), Affinity(Slice(maps, i, mapLen))))));
            }
            catch (VirException) when (info.State == DomainState.Shutoff)
            {
                // A shut-off domain has no live vCPUs; virsh shows the configured pinning instead.
                var (count, maps) = await dom.GetVcpuPinInfoAsync(info.VirtCpus, mapLen, (uint)ModifyFlags.Config, ctx.Ct);
                ctx.Out.Write(string.Join("\n", Enumerable.Range(0, count).Select(i => DomainFormat.VcpuInfoBlock(i, null, Affinity(Slice(maps, i, mapLen))))));
            }
        }, domain, pretty);

        var maximum = Opt.Flag("--maximum", "get maximum count of vcpus");
        var active = Opt.Flag("--active", "get number of currently active vcpus");
        var live = Opt.Flag("--live", "get value from running domain");
        var config = Opt.Flag("--config", "get value to be used on next boot");
        var current = Opt.Flag("--current", "get value according to current domain state");
        var guest = Opt.Flag("--guest", "retrieve vcpu count from the guest instead of the hypervisor");
        set.Add("vcpucount", "domain vcpu counts", async ctx =>
        {
            ctx.Exclusive(current, live);
            ctx.Exclusive(current, config);
            ctx.Exclusive(live, config);
            ctx.Exclusive(active, maximum);
            ctx.Exclusive(guest, config);
            var dom = await ctx.DomainAsync(domain);
            if (!new[] { maximum, active, live, config, current, guest }.Any(ctx.Has))
            {
                var running = dom.Id != -1;
                async Task<int?> Count(uint flags) => await dom.GetVcpuCountAsync(flags, ctx.Ct);
                ctx.Out.Write(DomainFormat.VcpuCount(
                    await Count(2 | 4), running ? await Count(1 | 4) : null, await Count(2), running ? await Count(1) : null));
                return;
            }
            uint f = 0;
            if (ctx.Has(live)) f |= 1;
            if (ctx.Has(config)) f |= 2;
            if (ctx.Has(maximum)) f |= 4;
            if (ctx.Has(guest)) f |= 8;
            int n;
            try
            {
                n = await dom.GetVcpuCountAsync(f, ctx.Ct);
            }
            catch (VirException e) when (ctx.Has(guest) && e.Code is VirErrorCode.InvalidArg or VirErrorCode.NoSupport)
            {
                // virsh's words when the agent's count is refused as an argument or unsupported.
                throw new CliError("Failed to retrieve vCPU count from the guest", e.Message);
            }
            ctx.Out.Write(Text.Inv($"{n}\n"));
        }, domain, maximum, active, live, config, current, guest);

        var blkInactive = Opt.Flag("--inactive", "get inactive rather than running configuration");
        var details = Opt.Flag("--details", "additionally display the type and device value");
        set.Add("domblklist", "list all domain blocks", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var xml = await dom.GetXmlDescAsync(ctx.Has(blkInactive) ? XmlFlags.Inactive : XmlFlags.None, ctx.Ct);
            ctx.Out.Write(DeviceFormat.BlockList(xml, ctx.Has(details)));
        }, domain, blkInactive, details);

        var ifInactive = Opt.Flag("--inactive", "get inactive rather than running configuration");
        set.Add("domiflist", "list all domain virtual interfaces", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var xml = await dom.GetXmlDescAsync(ctx.Has(ifInactive) ? XmlFlags.Inactive : XmlFlags.None, ctx.Ct);
            ctx.Out.Write(DeviceFormat.InterfaceList(xml));
        }, domain, ifInactive);

        var device = new NamedArg("device", "block device", required: false);
        var human = Opt.Flag("--human", "print a more human readable output");
        set.Add("domblkstat", "get device block stats for a domain", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var dev = ctx.Optional(device) ?? "";
            try
            {
                var stats = await dom.GetBlockStatsFlagsAsync(dev, ctx.Ct);
                ctx.Out.Write(StatsFormat.BlockStats(dev, stats, ctx.Has(human)));
            }
            catch (VirException e) when (e.Code == VirErrorCode.NoSupport)
            {
                var legacy = await CliError.Wrap($"Failed to get block stats {dom.Name} {dev}", () => dom.GetBlockStatsAsync(dev, ctx.Ct));
                ctx.Out.Write(StatsFormat.BlockStats(dev, legacy, ctx.Has(human)));
            }
        }, domain, device, human);

        var iface = new NamedArg("interface", "interface device specified by name or MAC Address");
        set.Add("domifstat", "get network interface stats for a domain", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var dev = ctx.Required(iface);
            var stats = await CliError.Wrap($"Failed to get interface stats {dom.Name} {dev}", () => dom.GetInterfaceStatsAsync(dev, ctx.Ct));
            ctx.Out.Write(StatsFormat.InterfaceStats(dev, stats));
        }, domain, iface);

        RegisterDomstats(set);
    }

    private static void RegisterDomstats(CommandSet set)
    {
        (string Name, uint Bit)[] groups =
        [
            ("--state", 1), ("--cpu-total", 2), ("--balloon", 4), ("--vcpu", 8), ("--interface", 16), ("--block", 32),
            ("--perf", 64), ("--iothread", 128), ("--memory", 256), ("--dirtyrate", 512),
        ];
        (string Name, uint Bit)[] lists =
        [
            ("--list-active", 1), ("--list-inactive", 2), ("--list-persistent", 4), ("--list-transient", 8),
            ("--list-running", 16), ("--list-paused", 32), ("--list-shutoff", 64), ("--list-other", 128),
            ("--nowait", 1u << 29), ("--backing", 1u << 30), ("--enforce", 1u << 31),
        ];
        var groupOptions = groups.Select(g => (Option: Opt.Flag(g.Name, $"report {g.Name[2..]} statistics"), g.Bit)).ToArray();
        var listOptions = lists.Select(l => (Option: Opt.Flag(l.Name, $"domstats {l.Name[2..]}"), l.Bit)).ToArray();
        var raw = Opt.Flag("--raw", "do not pretty-print the fields");
        var domains = new Argument<string[]>("domain") { Description = "list of domains to get stats for", Arity = ArgumentArity.ZeroOrMore };
        object[] symbols = [.. groupOptions.Select(g => g.Option), .. listOptions.Select(l => l.Option), raw, domains];

        set.Add("domstats", "get statistics about one or multiple domains", async ctx =>
        {
            var stats = groupOptions.Where(g => ctx.Has(g.Option)).Aggregate(0u, (s, g) => s | g.Bit);
            var flags = listOptions.Where(l => ctx.Has(l.Option)).Aggregate(0u, (s, l) => s | l.Bit);
            var names = ctx.Words(domains);
            var conn = await ctx.ConnectAsync();
            List<VirDomain>? doms = null;
            if (names.Length > 0)
            {
                doms = [];
                foreach (var n in names) doms.Add(await DomainLookup.FindAsync(conn, n, LookupBy.Any, ctx.Ct));
            }
            var records = await CliError.Wrap("Failed to get stats", () => conn.GetAllDomainStatsAsync(stats, doms, flags, ctx.Ct));
            // One blank line between records (the command's own blank line ends the last one).
            ctx.Out.Write(string.Join("\n", records.Select(r => StatsFormat.DomainStats(r.Domain.Name, r.Stats))));
        }, symbols);
    }

    private static ReadOnlySpan<byte> Slice(byte[] maps, int index, int mapLen) =>
        (index + 1) * mapLen <= maps.Length ? maps.AsSpan(index * mapLen, mapLen) : [];

    private static bool[] Bits(ReadOnlySpan<byte> map, int count)
    {
        var bits = new bool[count];
        for (var i = 0; i < count; i++) bits[i] = i / 8 < map.Length && (map[i / 8] & (1 << (i % 8))) != 0;
        return bits;
    }
}
