using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;

namespace Vireo.Cli.Commands;

/// <summary>virsh's "Interface" group, the reading part: iface-list, iface-dumpxml, iface-name and iface-mac, with virsh 9.0's words.</summary>
public sealed class HostInterfaceCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Interface";
        var inactive = Opt.Flag("--inactive", "list inactive interfaces");
        var all = Opt.Flag("--all", "list inactive & active interfaces");
        set.Add("iface-list", "list physical host interfaces", async ctx =>
        {
            ctx.Exclusive(all, inactive);
            var flags = ctx.Has(all) ? VirConnection.ListInterfacesActive | VirConnection.ListInterfacesInactive
                : ctx.Has(inactive) ? VirConnection.ListInterfacesInactive : VirConnection.ListInterfacesActive;
            var conn = await ctx.ConnectAsync();
            var list = await CliError.Wrap("Failed to list interfaces", () => conn.ListInterfacesAsync(flags, ctx.Ct));
            var rows = new List<(string, bool, string)>();
            foreach (var i in list) rows.Add((i.Name, await IsActiveAsVirshSaysAsync(i, ctx.Ct), i.Mac));
            ctx.Out.Write(HostInterfaceFormat.List(rows));
        }, inactive, all);

        var dumpIface = new NamedArg("interface", "interface name or MAC address");
        var dumpInactive = Opt.Flag("--inactive", "show inactive defined XML");
        set.Add("iface-dumpxml", "interface information in XML", async ctx =>
        {
            var iface = await LookupAsync(ctx, ctx.RequiredNotEmpty(dumpIface), byName: true, byMac: true);
            ctx.Out.Write(await iface.GetXmlDescAsync(ctx.Has(dumpInactive), ctx.Ct));
        }, dumpIface, dumpInactive);

        var macIface = new NamedArg("interface", "interface mac");
        set.Add("iface-name", "convert an interface MAC address to interface name", async ctx =>
            ctx.Out.Write((await LookupAsync(ctx, ctx.RequiredNotEmpty(macIface), byName: false, byMac: true)).Name + "\n"), macIface);

        var nameIface = new NamedArg("interface", "interface name");
        set.Add("iface-mac", "convert an interface name to interface MAC address", async ctx =>
            ctx.Out.Write((await LookupAsync(ctx, ctx.RequiredNotEmpty(nameIface), byName: true, byMac: false)).Mac + "\n"), nameIface);
    }

    /// <summary>
    /// virsh's lookup of an interface argument: a MAC address (virMacAddrParse's syntax) is looked up by MAC, anything
    /// else by name, each only where the command allows it; "failed to get interface 'X'" otherwise (after the
    /// daemon's error when it was asked).
    /// </summary>
    private static async Task<VirInterface> LookupAsync(CommandContext ctx, string text, bool byName, bool byMac)
    {
        var failed = $"failed to get interface '{text}'";
        var isMac = HostInterfaceFormat.IsMacAddress(text);
        if (isMac ? !byMac : !byName) throw new CliError(failed);
        var conn = await ctx.ConnectAsync();
        return await CliError.Wrap(failed, () => isMac ? conn.LookupInterfaceByMacAsync(text, ctx.Ct) : conn.LookupInterfaceAsync(text, ctx.Ct));
    }

    /// <summary>virsh prints "active" when virInterfaceIsActive returns anything but 0, an error (-1) included.</summary>
    private static async Task<bool> IsActiveAsVirshSaysAsync(VirInterface i, CancellationToken ct)
    {
        try
        {
            return await i.IsActiveAsync(ct);
        }
        catch (Vireo.Core.Errors.VirException)
        {
            return true;
        }
    }
}
