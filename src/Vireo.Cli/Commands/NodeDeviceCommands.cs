using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.NodeDevices;

namespace Vireo.Cli.Commands;

/// <summary>virsh's "Node Device" group, the read-only part: nodedev-list (with --tree and --cap), nodedev-dumpxml and nodedev-info.</summary>
public sealed class NodeDeviceCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Node Device";
        var device = new NamedArg("device", "device name or wwn pair in 'wwnn,wwpn' format");
        set.Add("nodedev-dumpxml", "node device details in XML", async ctx =>
        {
            var d = await LookupAsync(ctx, ctx.Required(device));
            ctx.Out.Write(await d.GetXmlDescAsync(ctx.Ct));
        }, device);

        var infoDevice = new NamedArg("device", "device name or wwn pair in 'wwnn,wwpn' format");
        set.Add("nodedev-info", "node device information", async ctx =>
        {
            var d = await LookupAsync(ctx, ctx.Required(infoDevice));
            ctx.Out.Write(NodeDeviceFormat.Info(d.Name, await d.GetParentAsync(ctx.Ct), await d.IsActiveAsync(ctx.Ct),
                await d.IsPersistentAsync(ctx.Ct), await d.GetAutostartAsync(ctx.Ct)));
        }, infoDevice);

        var tree = Opt.Flag("--tree", "list devices in a tree");
        var cap = Opt.Text("--cap", "capability names, separated by comma");
        var inactive = Opt.Flag("--inactive", "list inactive devices");
        var all = Opt.Flag("--all", "list inactive & active devices");
        set.Add("nodedev-list", "enumerate devices on this host", async ctx =>
        {
            var caps = ctx.Get(cap);
            if (ctx.Has(tree) && (caps is not null || ctx.Has(inactive))) throw new CliError("Option --tree is incompatible with --cap and --inactive");
            var flags = ctx.Has(inactive) ? NodeDeviceCaps.InactiveFlag : ctx.Has(all) ? 0u : NodeDeviceCaps.ActiveFlag;
            if (caps is not null)
                foreach (var c in caps.Split(','))
                    flags |= NodeDeviceCaps.Parse(c)?.Flag() ?? throw new CliError("Invalid capability type");
            var conn = await ctx.ConnectAsync();
            var devices = await CliError.Wrap("Failed to list node devices", () => conn.ListNodeDevicesAsync(flags, ctx.Ct));
            if (!ctx.Has(tree))
            {
                ctx.Out.Write(NodeDeviceFormat.List(devices.Select(d => d.Name)));
                return;
            }
            // virsh asks every device but "computer" for its parent.
            var rows = new List<(string, string?)>();
            foreach (var d in devices) rows.Add((d.Name, d.Name == NodeDeviceRules.ComputerName ? null : await d.GetParentAsync(ctx.Ct)));
            ctx.Out.Write(NodeDeviceFormat.Tree(rows));
        }, tree, cap, inactive, all);
    }

    internal static Task<VirNodeDevice> LookupAsync(CommandContext ctx, string name) =>
        CliError.Wrap($"Could not find matching device '{name}'", async () => await (await ctx.ConnectAsync()).LookupNodeDeviceAsync(name, ctx.Ct));
}
