using System.Globalization;
using Vireo.Cli.Infrastructure;
using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>The argument forms the tuning commands share: --live/--config/--current, sizes with units, CPU lists, field=value.</summary>
internal sealed class ImpactOptions
{
    public readonly System.CommandLine.Option<bool> Live, Config, Current;

    public ImpactOptions(string verb = "affect")
    {
        Live = Opt.Flag("--live", $"{verb} running domain");
        Config = Opt.Flag("--config", $"{verb} next boot");
        Current = Opt.Flag("--current", $"{verb} current domain");
    }

    public object[] Symbols => [Live, Config, Current];

    /// <summary>virsh's rule: --current excludes --live and --config; none given: null (the command's flag-less call).</summary>
    public ModifyFlags? Read(CommandContext ctx)
    {
        ctx.Exclusive(Current, Live);
        ctx.Exclusive(Current, Config);
        if (!ctx.Has(Live) && !ctx.Has(Config) && !ctx.Has(Current)) return null;
        return (ctx.Has(Live) ? ModifyFlags.Live : 0) | (ctx.Has(Config) ? ModifyFlags.Config : 0);
    }
}

internal static class TuningArgs
{
    /// <summary>A size with an optional unit ("128M", "1G", "524288"), in KiB like virsh's scaled options (default unit KiB).</summary>
    public static ulong KiB(string text, string option)
    {
        var t = text.Trim();
        var digits = t.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !MemorySize.TryParse(t[..digits], t[digits..], out var size, out _))
            throw new CliError($"Numeric value '{text}' for <{option}> option is malformed or out of range");
        return size.KiB;
    }

    /// <summary>memtune's sizes: -1 (or anything negative) is "unlimited".</summary>
    public static ulong LimitKiB(string text, string option) =>
        text.Trim().StartsWith('-') ? TuningParams.MemoryUnlimited : KiB(text, option);

    /// <summary>A CPU list ("0-2,^1", "r" for every host CPU) as a map at least as long as the host's (the daemon checks the CPUs).</summary>
    public static IReadOnlyList<bool> CpuMap(string text, int hostCpus)
    {
        if (text == "r") return Enumerable.Repeat(true, hostCpus).ToArray();
        if (!CpuSet.TryParse(text, out var set, out var error))
            throw new CliError($"Invalid CPU list '{text}': {error}");
        var length = Math.Max(hostCpus, (set!.Max ?? 0) + 1);
        return Enumerable.Range(0, length).Select(set.Contains).ToArray();
    }

    /// <summary>schedinfo's "--set field=value", typed like the parameter the daemon reported.</summary>
    public static TypedParameter Assignment(string text, IReadOnlyList<TypedParameter> known)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new CliError($"Invalid syntax for --set, expecting name=value");
        var name = text[..eq];
        var value = text[(eq + 1)..];
        var like = known.FirstOrDefault(p => p.Field == name) ?? throw new CliError($"invalid scheduler option: {name}");
        bool ok;
        TypedParameter result;
        switch (like.Type)
        {
            case TypedParameterType.ULLong or TypedParameterType.UInt:
                ok = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var u);
                result = like.Type == TypedParameterType.UInt ? TypedParameter.UInt(name, (uint)u) : TypedParameter.ULLong(name, u);
                break;
            case TypedParameterType.String:
                ok = true;
                result = TypedParameter.String(name, value);
                break;
            default:
                ok = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l);
                result = like.Type == TypedParameterType.Int ? TypedParameter.Int(name, (int)l) : TypedParameter.LLong(name, l);
                break;
        }
        return ok ? result : throw new CliError($"invalid value '{value}' for parameter '{name}'");
    }
}
