using System.Globalization;
using Vireo.Cli.Infrastructure;
using Vireo.Client;

namespace Vireo.Cli.Commands;

/// <summary>domblkthreshold: arms the block-threshold event of a disk, with virsh's scaled number (bytes by default).</summary>
public sealed class BlockThresholdCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var dev = new NamedArg("dev", "device to set threshold for");
        var threshold = new NamedArg("threshold", "threshold as a scaled number (by default bytes)");
        set.Add("domblkthreshold", "set the threshold for block-threshold event for a given block device or it's backing chain element", async ctx =>
        {
            var bytes = Scaled(ctx.Required(threshold), "threshold");
            var dom = await ctx.DomainAsync(domain);
            await dom.SetBlockThresholdAsync(ctx.Required(dev), bytes, ctx.Ct);
        }, [domain, dev, threshold]);
    }

    /// <summary>virsh's scaled integer: digits and an optional unit (k/KiB = 1024, KB = 1000, up to E), bytes without one.</summary>
    public static ulong Scaled(string text, string option)
    {
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        var unit = text[digits..];
        ulong? scale = unit switch
        {
            "" or "b" or "B" => 1,
            _ when unit.Length >= 1 && "kmgtpe".IndexOf(char.ToLowerInvariant(unit[0])) is var power and >= 0 =>
                unit[1..] switch
                {
                    "" or "iB" => Pow(1024, power + 1),
                    "B" => Pow(1000, power + 1),
                    _ => null,
                },
            _ => null,
        };
        if (digits == 0 || scale is null || !ulong.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n > ulong.MaxValue / scale.Value)
            throw new CliError($"Scaled numeric value '{text}' for <{option}> option is malformed or out of range");
        return n * scale.Value;
    }

    private static ulong Pow(ulong b, int e)
    {
        ulong r = 1;
        for (var i = 0; i < e; i++) r *= b;
        return r;
    }
}
