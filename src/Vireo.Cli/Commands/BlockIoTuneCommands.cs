using System.Globalization;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>
/// blkdeviotune as virsh 9.0 has it: with no limit given, the disk's parameters ("%-15s: %s" each, the empty line
/// after them is the session's, as virsh's); with limits, the change. Byte limits are virsh's scaled numbers (bytes by default), the others plain
/// numbers; a malformed one is refused in virsh's two lines.
/// </summary>
public sealed class BlockIoTuneCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var device = new NamedArg("device", "block device");
        var limits = DiskIoTuneDef.Names.Select(name => (Option: Opt.Text("--" + name.Replace('_', '-'), Describe(name)), Name: name)).ToArray();
        var group = Opt.Text("--group-name", "group name to share I/O quota between multiple drives");
        var impact = new ImpactOptions();
        set.Add("blkdeviotune", "Set or query a block device I/O tuning parameters.", async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var changes = new List<TypedParameter>();
            foreach (var (option, name) in limits)
            {
                if (ctx.Get(option) is not { } text) continue;
                changes.Add(TypedParameter.ULLong(name, Number(text, option.Name.TrimStart('-'), scaled: name.Contains("bytes_sec", StringComparison.Ordinal) && !name.EndsWith("_length", StringComparison.Ordinal))));
            }
            if (ctx.Get(group) is { } g)
            {
                if (g.Length == 0) throw new CliError("Failed to get option 'group-name': Option argument is empty", "Unable to parse group-name parameter");
                changes.Add(TypedParameter.String(DiskIoTuneDef.GroupNameField, g));
            }
            var dom = await ctx.DomainAsync(domain);
            var disk = ctx.Required(device);
            if (changes.Count > 0)
            {
                await CliError.Wrap("Unable to change block I/O throttle", () => dom.SetBlockIoTuneAsync(disk, changes, flags, ctx.Ct));
                return;
            }
            var count = await CliError.Wrap("Unable to get number of block I/O throttle parameters", () => dom.CountBlockIoTuneAsync(disk, flags, ctx.Ct));
            ctx.Out.Write(TuningFormat.Params(await CliError.Wrap("Unable to get block I/O throttle parameters", () => dom.GetBlockIoTuneAsync(disk, flags, count, ctx.Ct))));
        }, [domain, device, .. limits.Select(l => (object)l.Option), group, .. impact.Symbols]);
    }

    private static string Describe(string name) => name.Replace('_', ' ') switch
    {
        var d when d.EndsWith("max length", StringComparison.Ordinal) => $"duration in seconds to allow {d[..^" max length".Length]} max",
        var d => d,
    };

    /// <summary>virsh's numbers for blkdeviotune: scaled (bytes) or plain, with its two-line refusal.</summary>
    private static ulong Number(string text, string option, bool scaled)
    {
        try
        {
            if (scaled) return BlockThresholdCommands.Scaled(text, option);
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new CliError($"Numeric value '{text}' for <{option}> option is malformed or out of range");
        }
        catch (CliError e)
        {
            throw new CliError([.. e.Lines, "Unable to parse integer parameter"]);
        }
    }
}
