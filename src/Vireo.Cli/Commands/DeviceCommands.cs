using System.CommandLine;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>attach-device, detach-device, detach-device-alias, update-device, attach-disk, detach-disk.</summary>
public sealed class DeviceCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var file = new NamedArg("file", "XML file");
        var attach = ModifyOptions.Create();
        set.Add("attach-device", "attach device from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var dom = await ctx.DomainAsync(domain);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var flags = await attach.FlagsAsync(ctx, dom);
            await CliError.Wrap($"Failed to attach device from {path}", () => dom.AttachDeviceAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra("Device attached successfully\n");
        }, [domain, file, .. attach.Symbols]);

        var detach = ModifyOptions.Create();
        set.Add("detach-device", "detach device from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var dom = await ctx.DomainAsync(domain);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var flags = await detach.FlagsAsync(ctx, dom);
            await CliError.Wrap($"Failed to detach device from {path}", () => dom.DetachDeviceAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra("Device detached successfully\n");
        }, [domain, file, .. detach.Symbols]);

        var alias = new NamedArg("alias", "device alias");
        var aliasLive = Opt.Flag("--live", "affect running domain");
        var aliasConfig = Opt.Flag("--config", "affect next boot");
        var aliasCurrent = Opt.Flag("--current", "affect current domain");
        set.Add("detach-device-alias", "detach device from an alias", async ctx =>
        {
            // virsh's options: --current excludes the others, and none at all means the current state.
            ctx.Exclusive(aliasCurrent, aliasLive);
            ctx.Exclusive(aliasCurrent, aliasConfig);
            var name = ctx.Required(alias);
            var dom = await ctx.DomainAsync(domain);
            var flags = (ctx.Has(aliasLive) ? DeviceModifyFlags.Live : 0) | (ctx.Has(aliasConfig) ? DeviceModifyFlags.Config : 0);
            await CliError.Wrap($"Failed to detach device with alias {name}", () => dom.DetachDeviceAliasAsync(name, flags, ctx.Ct));
            ctx.PrintExtra("Device detach request sent successfully\n");
        }, [domain, alias, aliasLive, aliasConfig, aliasCurrent]);

        var update = ModifyOptions.Create();
        var force = Opt.Flag("--force", "force device update");
        set.Add("update-device", "update device from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var dom = await ctx.DomainAsync(domain);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var flags = (await update.FlagsAsync(ctx, dom) ?? DeviceModifyFlags.Current) | (ctx.Has(force) ? DeviceModifyFlags.Force : 0);
            await CliError.Wrap($"Failed to update device from {path}", () => dom.UpdateDeviceAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra("Device updated successfully\n");
        }, [domain, file, force, .. update.Symbols]);

        RegisterDisks(set, domain);
    }

    private static void RegisterDisks(CommandSet set, NamedArg domain)
    {
        var source = new NamedArg("source", "source of disk device or name of network disk");
        var target = new NamedArg("target", "target of disk device");
        var targetBus = Opt.Text("--targetbus", "target bus of disk device");
        var driver = Opt.Text("--driver", "driver of disk device");
        var subdriver = Opt.Text("--subdriver", "subdriver of disk device");
        var cache = Opt.Text("--cache", "cache mode of disk device");
        var type = Opt.Text("--type", "target device type");
        var mode = Opt.Text("--mode", "mode of device reading and writing");
        var sourceType = Opt.Text("--sourcetype", "type of source (block|file|network)");
        var serial = Opt.Text("--serial", "serial of disk device");
        var printXml = Opt.Flag("--print-xml", "print XML document rather than attach the disk");
        var attach = ModifyOptions.Create();
        set.Add("attach-disk", "attach disk device", async ctx =>
        {
            var src = ctx.Required(source);
            var xml = DeviceXmlText.Disk(new DeviceXmlText.DiskOptions
            {
                Source = src, Target = ctx.Required(target),
                Block = ctx.Get(sourceType) is { } st ? st == "block" : IsBlockDevice(src),
                Device = ctx.Get(type), Driver = ctx.Get(driver), Subdriver = ctx.Get(subdriver), Cache = ctx.Get(cache),
                TargetBus = ctx.Get(targetBus), Mode = ctx.Get(mode), Serial = ctx.Get(serial),
            });
            if (ctx.Get(mode) is { } m && m is not ("readonly" or "shareable"))
                throw new CliError($"No support for {m} in command 'attach-disk'");
            if (ctx.Has(printXml))
            {
                ctx.Out.Write(xml + "\n");
                return;
            }
            var dom = await ctx.DomainAsync(domain);
            var flags = await attach.FlagsAsync(ctx, dom);
            await CliError.Wrap("Failed to attach disk", () => dom.AttachDeviceAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra("Disk attached successfully\n");
        }, [domain, source, target, targetBus, driver, subdriver, cache, type, mode, sourceType, serial, printXml, .. attach.Symbols]);

        var detachTarget = new NamedArg("target", "target of disk device");
        var detachPrint = Opt.Flag("--print-xml", "print XML document rather than detach the disk");
        var detach = ModifyOptions.Create();
        set.Add("detach-disk", "detach disk device", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var flags = await detach.FlagsAsync(ctx, dom);
            var what = ctx.Required(detachTarget);
            var xml = await dom.GetXmlDescAsync(flags == DeviceModifyFlags.Config ? XmlFlags.Inactive : XmlFlags.None, ctx.Ct);
            var disk = DeviceXmlText.FindDisk(xml, what) ?? throw new CliError($"No disk found whose source path or target is {what}");
            if (ctx.Has(detachPrint))
            {
                ctx.Out.Write(disk + "\n");
                return;
            }
            await CliError.Wrap("Failed to detach disk", () => dom.DetachDeviceAsync(disk.ToString(), flags, ctx.Ct));
            ctx.PrintExtra("Disk detached successfully\n");
        }, [domain, detachTarget, detachPrint, .. detach.Symbols]);
    }

    /// <summary>virsh stats the source to choose type='block'; .NET cannot see a file's type, so device paths decide.</summary>
    private static bool IsBlockDevice(string path) => path.StartsWith("/dev/", StringComparison.Ordinal) && File.Exists(path);
}

/// <summary>
/// virsh's --live/--config/--current/--persistent for device commands: --persistent means the saved
/// definition plus the running guest when it runs; no option at all means libvirt's flag-less call.
/// </summary>
internal sealed class ModifyOptions
{
    private ModifyOptions()
    {
        Live = Opt.Flag("--live", "affect running domain");
        Config = Opt.Flag("--config", "affect next boot");
        Current = Opt.Flag("--current", "affect current domain");
        Persistent = Opt.Flag("--persistent", "make live change persistent");
    }

    public Option<bool> Live { get; }
    public Option<bool> Config { get; }
    public Option<bool> Current { get; }
    public Option<bool> Persistent { get; }
    public object[] Symbols => [Live, Config, Current, Persistent];

    public static ModifyOptions Create() => new();

    /// <summary>The flags to send, or null for the flag-less API (virsh's choice when no option is given).</summary>
    public async Task<DeviceModifyFlags?> FlagsAsync(CommandContext ctx, VirDomain dom)
    {
        ctx.Exclusive(Current, Live);
        ctx.Exclusive(Current, Config);
        ctx.Exclusive(Current, Persistent);
        var flags = DeviceModifyFlags.Current;
        if (ctx.Has(Config) || ctx.Has(Persistent)) flags |= DeviceModifyFlags.Config;
        if (ctx.Has(Live)) flags |= DeviceModifyFlags.Live;
        if (ctx.Has(Persistent) && (await dom.RefreshAsync(ctx.Ct).ConfigureAwait(false)).Id != -1) flags |= DeviceModifyFlags.Live;
        return flags != DeviceModifyFlags.Current || ctx.Has(Current) ? flags : null;
    }
}
