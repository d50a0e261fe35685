using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>attach-interface, detach-interface, domif-setlink, domif-getlink.</summary>
public sealed class InterfaceCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var type = new NamedArg("type", "network interface type");
        var source = new NamedArg("source", "source of network interface");
        var target = Opt.Text("--target", "target network name");
        var mac = Opt.Text("--mac", "MAC address");
        var model = Opt.Text("--model", "model type");
        var alias = Opt.Text("--alias", "custom alias name of interface device");
        var sourceMode = Opt.Text("--source-mode", "mode attribute of <source/> element");
        var printXml = Opt.Flag("--print-xml", "print XML document rather than attach the interface");
        var attach = ModifyOptions.Create();
        set.Add("attach-interface", "attach network interface", async ctx =>
        {
            var t = ctx.Required(type);
            var xml = DeviceXmlText.Interface(t, ctx.Required(source), ctx.Get(target), ctx.Get(mac), ctx.Get(model), ctx.Get(sourceMode), ctx.Get(alias))
                ?? throw new CliError($"No support for {t} in command 'attach-interface'");
            if (ctx.Has(printXml))
            {
                ctx.Out.Write(xml + "\n");
                return;
            }
            var dom = await ctx.DomainAsync(domain);
            var flags = await attach.FlagsAsync(ctx, dom);
            await CliError.Wrap("Failed to attach interface", () => dom.AttachDeviceAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra("Interface attached successfully\n");
        }, [domain, type, source, target, mac, model, alias, sourceMode, printXml, .. attach.Symbols]);

        var detachType = new NamedArg("type", "network interface type");
        var detachMac = Opt.Text("--mac", "MAC address");
        var detachPrint = Opt.Flag("--print-xml", "print XML document rather than detach the interface");
        var detach = ModifyOptions.Create();
        set.Add("detach-interface", "detach network interface", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var flags = await detach.FlagsAsync(ctx, dom);
            var t = ctx.Required(detachType);
            var m = ctx.Get(detachMac);
            var xml = await dom.GetXmlDescAsync(flags == DeviceModifyFlags.Config ? XmlFlags.Inactive : XmlFlags.None, ctx.Ct);
            var found = DeviceXmlText.FindInterfaces(xml, t, m);
            if (found.Count == 0)
                throw new CliError(m is null ? $"No interface found whose type is {t}" : $"No interface found whose type is {t} and MAC address is {m}");
            if (found.Count > 1)
                throw new CliError($"Domain has {found.Count} interfaces. Please specify which one to detach using --mac");
            if (ctx.Has(detachPrint))
            {
                ctx.Out.Write(found[0] + "\n");
                return;
            }
            await CliError.Wrap("Failed to detach interface", () => dom.DetachDeviceAsync(found[0].ToString(), flags, ctx.Ct));
            ctx.PrintExtra("Interface detached successfully\n");
        }, [domain, detachType, detachMac, detachPrint, .. detach.Symbols]);

        RegisterLinks(set, domain);
    }

    private static void RegisterLinks(CommandSet set, NamedArg domain)
    {
        var iface = new NamedArg("interface", "interface device (MAC Address)");
        var state = new NamedArg("state", "new state of the device");
        var config = Opt.Flag("--config", "affect next boot");
        var persistent = Opt.Flag("--persistent", "affect next boot");
        set.Add("domif-setlink", "set link state of a virtual interface", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var name = ctx.Required(iface);
            var wanted = ctx.Required(state);
            if (wanted is not ("up" or "down")) throw new CliError($"invalid link state '{wanted}'");
            // virsh: the saved definition with --config or when the domain is not running, else the running one.
            bool toConfig = ctx.Has(config) || ctx.Has(persistent) || (await dom.RefreshAsync(ctx.Ct)).Id == -1;
            var xml = await dom.GetXmlDescAsync(toConfig ? XmlFlags.Inactive : XmlFlags.None, ctx.Ct);
            var nic = DeviceXmlText.FindInterface(xml, name) ?? throw new CliError($"Interface ({Kind(name)}: {name}) not found.");
            await CliError.Wrap("Failed to update interface link state",
                () => dom.UpdateDeviceAsync(DeviceXmlText.WithLinkState(nic, wanted), toConfig ? DeviceModifyFlags.Config : DeviceModifyFlags.Live, ctx.Ct));
            ctx.PrintExtra("Device updated successfully\n");
        }, domain, iface, state, config, persistent);

        set.Group = "Domain Monitoring";
        var getIface = new NamedArg("interface", "interface device (MAC Address)");
        var getConfig = Opt.Flag("--config", "Get persistent interface state");
        set.Add("domif-getlink", "get link state of a virtual interface", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var name = ctx.Required(getIface);
            var xml = await dom.GetXmlDescAsync(ctx.Has(getConfig) ? XmlFlags.Inactive : XmlFlags.None, ctx.Ct);
            var nic = DeviceXmlText.FindInterface(xml, name) ?? throw new CliError($"Interface ({Kind(name)}: {name}) not found.");
            ctx.Out.Write($"{name} {DeviceXmlText.LinkState(nic)}\n");
        }, domain, getIface, getConfig);
    }

    /// <summary>virsh names the lookup key in its message: a MAC or a device name.</summary>
    private static string Kind(string name) => Core.Domain.MacAddress.TryParse(name, out _) ? "mac" : "dev";
}
