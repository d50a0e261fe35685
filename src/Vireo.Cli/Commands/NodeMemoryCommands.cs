using System.Globalization;
using System.Xml.Linq;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>node-memory-tune, freepages, allocpages and nodesuspend, with virsh 9.0's options, output and errors.</summary>
public sealed class NodeMemoryCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Host and Hypervisor";

        var toScan = Opt.Int("--shm-pages-to-scan", "number of pages to scan before the shared memory service goes to sleep");
        var sleep = Opt.Int("--shm-sleep-millisecs", "number of millisecs the shared memory service should sleep before next scan");
        var merge = Opt.Int("--shm-merge-across-nodes", "Specifies if pages from different numa nodes can be merged");
        set.Add("node-memory-tune", "Get or set node memory parameters", async ctx =>
        {
            var changes = new List<TypedParameter>();
            foreach (var (opt, field) in new[] { (toScan, NodeMemoryParams.PagesToScan), (sleep, NodeMemoryParams.SleepMillisecs), (merge, NodeMemoryParams.MergeAcrossNodes) })
                if (ctx.Get(opt) is { } text) changes.Add(TypedParameter.UInt(field, UInt(text, opt.Name)));
            var conn = await ctx.ConnectAsync();
            if (changes.Count > 0)
            {
                await CliError.Wrap("Unable to change memory parameters", () => conn.SetNodeMemoryParametersAsync(changes, ctx.Ct));
                return;
            }
            var ps = await CliError.Wrap("Unable to get memory parameters", () => conn.GetNodeMemoryParametersAsync(ctx.Ct));
            if (ps.Count == 0) return;
            ctx.Out.Write(NodeMemoryFormat.Tune(ps));
        }, toScan, sleep, merge);

        var cellno = new NamedArg("cellno", "NUMA cell number", required: false);
        var pagesize = new NamedArg("pagesize", "page size (in kibibytes)", required: false);
        var all = Opt.Flag("--all", "show free pages for all NUMA cells");
        set.Add("freepages", "NUMA free pages", async ctx =>
        {
            uint? size = ctx.Optional(pagesize) is { } s ? PageSizeKiB(s) : null;
            var cellText = ctx.Optional(cellno);
            if (cellText is not null && ctx.Has(all)) throw new CliError("Options --all and --cellno are mutually exclusive");
            var conn = await ctx.ConnectAsync();
            if (ctx.Has(all))
            {
                var caps = XDocument.Parse(await conn.GetCapabilitiesAsync(ctx.Ct));
                var sizes = size is { } one ? [one] : NodeMemoryFormat.HostPageSizes(caps);
                if (sizes.Count == 0) throw new CliError("could not get information about supported page sizes");
                var cells = NodeMemoryFormat.CellIds(caps);
                if (cells.Count == 0) throw new CliError("could not get information about NUMA topology");
                foreach (var cell in cells)
                {
                    var counts = await conn.GetFreePagesAsync(sizes, cell, 1, ctx.Ct);
                    ctx.Out.Write(NodeMemoryFormat.FreePagesCell(cell, sizes, counts));
                }
                return;
            }
            if (cellText is null) throw new CliError("missing cellno argument");
            if (size is null) throw new CliError("missing pagesize argument");
            var c = Int(cellText, "cellno");
            if (c < -1) throw new CliError("cell number must be non-negative integer or -1");
            var free = await conn.GetFreePagesAsync([size.Value], c, 1, ctx.Ct);
            ctx.Out.Write(string.Create(CultureInfo.InvariantCulture, $"{size}KiB: {free[0]}\n"));
        }, cellno, pagesize, all);

        var allocSize = new NamedArg("pagesize", "page size (in kibibytes)");
        var pagecount = new NamedArg("pagecount", "page count");
        var allocCell = Opt.Int("--cellno", "NUMA cell number");
        var add = Opt.Flag("--add", "instead of setting new pool size add pages to it");
        var allCells = Opt.Flag("--all", "set on all NUMA cells");
        set.Add("allocpages", "Manipulate pages pool size", async ctx =>
        {
            if (ctx.Get(allocCell) is not null && ctx.Has(allCells)) throw new CliError("Options --all and --cellno are mutually exclusive");
            var size = PageSizeKiB(ctx.Required(allocSize));
            var countText = ctx.Required(pagecount);
            if (!ulong.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new CliError($"Numeric value '{countText}' for <pagecount> option is malformed or out of range");
            var set = !ctx.Has(add);
            var conn = await ctx.ConnectAsync();
            if (ctx.Has(allCells))
            {
                var cells = NodeMemoryFormat.CellIds(XDocument.Parse(await conn.GetCapabilitiesAsync(ctx.Ct)));
                if (cells.Count == 0) throw new CliError("could not get information about NUMA topology");
                foreach (var cell in cells) await conn.AllocPagesAsync([size], [count], cell, 1, set, ctx.Ct);
                return;
            }
            await conn.AllocPagesAsync([size], [count], ctx.Int(allocCell) ?? -1, 1, set, ctx.Ct);
        }, allocSize, pagecount, allocCell, add, allCells);

        var target = new NamedArg("target", "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)");
        var duration = new NamedArg("duration", "Suspend duration in seconds, at least 60");
        set.Add("nodesuspend", "suspend the host node for a given time duration", async ctx =>
        {
            var which = ctx.Required(target);
            var durationText = ctx.Required(duration);
            if (!long.TryParse(durationText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
                throw new CliError($"Numeric value '{durationText}' for <duration> option is malformed or out of range");
            if (seconds < 0) throw new CliError("Invalid duration");
            uint code = which switch
            {
                "mem" => 0,
                "disk" => 1,
                "hybrid" => 2,
                _ => throw new CliError("Invalid target"),
            };
            var conn = await ctx.ConnectAsync();
            await CliError.Wrap("The host was not suspended", () => conn.SuspendNodeForDurationAsync(code, (ulong)seconds, ctx.Ct));
        }, target, duration);
    }

    /// <summary>virsh's page size: a scaled integer whose default unit is KiB ("2M" is 2048, "4" is 4).</summary>
    internal static uint PageSizeKiB(string text)
    {
        var bytes = text.All(char.IsAsciiDigit) && text.Length > 0
            ? checked(ulong.Parse(text, CultureInfo.InvariantCulture) * 1024)
            : BlockThresholdCommands.Scaled(text, "pagesize");
        var kib = (bytes + 1023) / 1024;
        if (kib > uint.MaxValue) throw new CliError($"Scaled numeric value '{text}' for <pagesize> option is malformed or out of range");
        return (uint)kib;
    }

    private static uint UInt(string text, string option) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new CliError($"Numeric value '{text}' for <{option.TrimStart('-')}> option is malformed or out of range");

    private static int Int(string text, string option) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new CliError($"Numeric value '{text}' for <{option}> option is malformed or out of range");
}
