using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>setmem, setmaxmem, dommemstat, memtune and blkiotune, printed as virsh prints them (sizes default to KiB).</summary>
public sealed class MemoryCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var size = new NamedArg("size", "new memory size, as scaled integer (default KiB)");
        var setmem = new ImpactOptions();
        set.Add("setmem", "change memory allocation", async ctx =>
        {
            var flags = setmem.Read(ctx);
            var dom = await ctx.DomainAsync(domain);
            var kib = TuningArgs.KiB(ctx.Required(size), "size");
            await dom.SetMemoryAsync(kib, flags is { } f ? (MemoryModFlags)f : MemoryModFlags.Live, ctx.Ct);
        }, [domain, size, .. setmem.Symbols]);

        var maxSize = new NamedArg("size", "new maximum memory size, as scaled integer (default KiB)");
        var setmax = new ImpactOptions();
        set.Add("setmaxmem", "change maximum memory limit", async ctx =>
        {
            var flags = setmax.Read(ctx);
            var dom = await ctx.DomainAsync(domain);
            var kib = TuningArgs.KiB(ctx.Required(maxSize), "size");
            await CliError.Wrap("Unable to change MaxMemorySize", () => flags is { } f
                ? dom.SetMemoryAsync(kib, (MemoryModFlags)f | MemoryModFlags.Maximum, ctx.Ct)
                : dom.SetMaxMemoryAsync(kib, ctx.Ct));
        }, [domain, maxSize, .. setmax.Symbols]);

        var period = Opt.Int("--period", "period in seconds to set collection");
        var stat = new ImpactOptions();
        set.Add("dommemstat", "get memory statistics for a domain", async ctx =>
        {
            var flags = stat.Read(ctx);
            var dom = await ctx.DomainAsync(domain);
            if (ctx.Int(period) is { } seconds)
            {
                if (seconds < 0) throw new CliError($"Invalid collection period value '{seconds}'");
                // virsh: with no flag, a running domain's period changes live.
                var impact = flags ?? (dom.Id != -1 ? ModifyFlags.Live : ModifyFlags.Current);
                await CliError.Wrap("Unable to change balloon collection period.", () => dom.SetMemoryStatsPeriodAsync(seconds, impact, ctx.Ct));
                return;
            }
            ctx.Out.Write(TuningFormat.MemoryStats(await CliError.Wrap("Failed to get memory statistics for domain", () => dom.GetMemoryStatsAsync(ctx.Ct))));
        }, [domain, period, .. stat.Symbols]);

        var hard = Opt.Text("--hard-limit", "Max memory, as scaled integer (default KiB)");
        var soft = Opt.Text("--soft-limit", "Memory during contention, as scaled integer (default KiB)");
        var swap = Opt.Text("--swap-hard-limit", "Max memory plus swap, as scaled integer (default KiB)");
        var guarantee = Opt.Text("--min-guarantee", "Min guaranteed memory, as scaled integer (default KiB)");
        var memtune = new ImpactOptions();
        set.Add("memtune", "Get or set memory parameters", async ctx =>
        {
            var flags = memtune.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var changes = new List<TypedParameter>();
            void Add(System.CommandLine.Option<string?> o, string field)
            {
                if (ctx.Get(o) is { } v) changes.Add(TypedParameter.ULLong(field, TuningArgs.LimitKiB(v, o.Name.TrimStart('-'))));
            }
            Add(hard, TuningParams.HardLimit);
            Add(soft, TuningParams.SoftLimit);
            Add(swap, TuningParams.SwapHardLimit);
            Add(guarantee, TuningParams.MinGuarantee);
            if (changes.Count > 0)
            {
                await CliError.Wrap("Unable to change memory parameters", () => dom.SetMemoryParametersAsync(changes, flags, ctx.Ct));
                return;
            }
            ctx.Out.Write(TuningFormat.MemTune(await CliError.Wrap("Unable to get memory parameters", () => dom.GetMemoryParametersAsync(flags, ctx.Ct))));
        }, [domain, hard, soft, swap, guarantee, .. memtune.Symbols]);

        var weight = Opt.Int("--weight", "IO Weight");
        (System.CommandLine.Option<string?> Option, string Field)[] devices =
        [
            (Opt.Text("--device-weights", "per-device IO Weights, in the form of /path/to/device,weight,..."), TuningParams.DeviceWeight),
            (Opt.Text("--device-read-iops-sec", "per-device read I/O limit per second, in the form of /path/to/device,read_iops_sec,..."), TuningParams.DeviceReadIops),
            (Opt.Text("--device-write-iops-sec", "per-device write I/O limit per second, in the form of /path/to/device,write_iops_sec,..."), TuningParams.DeviceWriteIops),
            (Opt.Text("--device-read-bytes-sec", "per-device bytes read per second, in the form of /path/to/device,read_bytes_sec,..."), TuningParams.DeviceReadBytes),
            (Opt.Text("--device-write-bytes-sec", "per-device bytes wrote per second, in the form of /path/to/device,write_bytes_sec,..."), TuningParams.DeviceWriteBytes),
        ];
        var blkio = new ImpactOptions();
        set.Add("blkiotune", "Get or set blkio parameters", async ctx =>
        {
            var flags = blkio.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var changes = new List<TypedParameter>();
            if (ctx.Int(weight) is { } w) changes.Add(TypedParameter.UInt(TuningParams.Weight, checked((uint)w)));
            foreach (var (option, field) in devices)
                if (ctx.Get(option) is { } v) changes.Add(TypedParameter.String(field, v));
            if (changes.Count > 0)
            {
                await CliError.Wrap("Unable to change blkio parameters", () => dom.SetBlkioParametersAsync(changes, flags, ctx.Ct));
                return;
            }
            ctx.Out.Write(TuningFormat.Params(await CliError.Wrap("Unable to get blkio parameters", () => dom.GetBlkioParametersAsync(flags, ctx.Ct))));
        }, [domain, weight, .. devices.Select(d => (object)d.Option), .. blkio.Symbols]);
    }
}
