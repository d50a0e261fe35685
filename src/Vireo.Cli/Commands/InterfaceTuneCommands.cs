using System.Globalization;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>domiftune: a NIC's bandwidth, set from virsh's rate strings (average,peak,burst[,floor] in KiB/s and KiB) and printed as virsh prints it.</summary>
public sealed class InterfaceTuneCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var iface = new NamedArg("interface", "interface device (MAC Address)");
        var inbound = Opt.Text("--inbound", "control domain's incoming traffics");
        var outbound = Opt.Text("--outbound", "control domain's outgoing traffics");
        var impact = new ImpactOptions();
        set.Add("domiftune", "get/set parameters of a virtual interface", async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var device = ctx.Required(iface);
            var changes = new List<TypedParameter>();
            if (ctx.Get(inbound) is { } inText) changes.AddRange(Rate(inText, inbound: true));
            if (ctx.Get(outbound) is { } outText) changes.AddRange(Rate(outText, inbound: false));
            var dom = await ctx.DomainAsync(domain);
            if (changes.Count > 0)
            {
                await CliError.Wrap("Unable to set interface parameters", () => dom.SetInterfaceParametersAsync(device, changes, flags, ctx.Ct));
                return;
            }
            ctx.Out.Write(TuningFormat.Params(await CliError.Wrap("Unable to get interface parameters", () => dom.GetInterfaceParametersAsync(device, flags, ctx.Ct))));
        }, [domain, iface, inbound, outbound, .. impact.Symbols]);
    }

    /// <summary>virsh's parseRateStr plus its checks: "average[,peak[,burst[,floor]]]", empty and zero fields left out; "0" alone clears the direction.</summary>
    public static IReadOnlyList<TypedParameter> Rate(string text, bool inbound)
    {
        var prefix = inbound ? "inbound." : "outbound.";
        if (text == "0") return [TypedParameter.UInt(prefix + "average", 0)]; // virsh's way to clear a direction
        var fields = text.Split(',');
        if (fields.Length > 4) throw new CliError($"Rate string '{text}' has too many fields");
        var names = new[] { "average", "peak", "burst", "floor" };
        var values = new ulong?[4];
        for (int i = 0; i < fields.Length; i++)
        {
            if (fields[i].Length == 0) continue;
            values[i] = ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= uint.MaxValue
                ? v
                : throw new CliError($"field '{names[i]}' is malformed");
        }
        if (!inbound && values[3] is not null) throw new CliError("outbound floor is unsupported yet");
        if (inbound && values[0] is null or 0 && values[3] is null or 0) throw new CliError("either inbound average or floor is mandatory");
        if (!inbound && values[0] is null or 0) throw new CliError("outbound average is mandatory");
        var result = new List<TypedParameter>();
        for (int i = 0; i < 4; i++)
            if (values[i] is { } v && v != 0) result.Add(TypedParameter.UInt(prefix + names[i], (uint)v));
        return result;
    }
}
