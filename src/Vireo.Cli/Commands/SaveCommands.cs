using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>save, restore, managedsave, managedsave-remove, save-image-dumpxml and save-image-define, with virsh's options and words.</summary>
public sealed class SaveCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var file = new NamedArg("file", "where to save the data");
        var bypassCache = Opt.Flag("--bypass-cache", "avoid file system cache when saving");
        var xmlOpt = Opt.Text("--xml", "filename containing updated XML for the target");
        var running = Opt.Flag("--running", "set domain to be running on restore");
        var paused = Opt.Flag("--paused", "set domain to be paused on restore");
        var verbose = Opt.Flag("--verbose", "display the progress of save");

        set.Add("save", "save a domain state to a file", async ctx =>
        {
            var flags = Flags(ctx, bypassCache, running, paused);
            var dom = await ctx.DomainAsync(domain);
            var path = ctx.Required(file);
            var xml = ctx.Get(xmlOpt) is { } x ? DomainDefinitionCommands.ReadFile(x) : null;
            await CliError.Wrap($"Failed to save domain '{dom.Name}' to {path}", () => dom.SaveAsync(path, xml, flags, ctx.Ct));
            ctx.PrintExtra($"\nDomain '{dom.Name}' saved to {path}\n");
        }, domain, file, bypassCache, xmlOpt, running, paused, verbose);

        var from = new NamedArg("file", "the state to restore");
        set.Add("restore", "restore a domain from a saved state in a file", async ctx =>
        {
            var flags = Flags(ctx, bypassCache, running, paused);
            var path = ctx.Required(from);
            var xml = ctx.Get(xmlOpt) is { } x ? DomainDefinitionCommands.ReadFile(x) : null;
            var conn = await ctx.ConnectAsync();
            await CliError.Wrap($"Failed to restore domain from {path}", () => conn.RestoreDomainAsync(path, xml, flags, ctx.Ct));
            ctx.PrintExtra($"Domain restored from {path}\n");
        }, from, bypassCache, xmlOpt, running, paused);

        set.Add("managedsave", "managed save of a domain state", async ctx =>
        {
            var flags = Flags(ctx, bypassCache, running, paused);
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap($"Failed to save domain '{dom.Name}' state", () => dom.ManagedSaveAsync(flags, ctx.Ct));
            ctx.PrintExtra($"\nDomain '{dom.Name}' state saved by libvirt\n");
        }, domain, bypassCache, running, paused, verbose);

        set.Add("managedsave-remove", "Remove managed save of a domain", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            if (!await dom.HasManagedSaveAsync(ctx.Ct))
            {
                // virsh's two sentences here have no newline of their own: the one after every command ends them.
                ctx.PrintExtra($"Domain '{dom.Name}' has no manage save image; removal skipped");
                return;
            }
            await CliError.Wrap($"Failed to remove managed save image for domain '{dom.Name}'", () => dom.ManagedSaveRemoveAsync(ctx.Ct));
            ctx.PrintExtra($"Removed managedsave image for domain '{dom.Name}'");
        }, domain);

        var securityInfo = Opt.Flag("--security-info", "include security sensitive information in XML dump");
        set.Add("managedsave-dumpxml", "Domain information of managed save state file in XML", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var flags = ctx.Has(securityInfo) ? SaveImageXmlFlags.Secure : SaveImageXmlFlags.None;
            ctx.Out.Write(await dom.ManagedSaveXmlAsync(flags, ctx.Ct));
        }, domain, securityInfo);

        var image = new NamedArg("file", "saved state file to read");
        set.Add("save-image-dumpxml", "saved state domain information in XML", async ctx =>
        {
            var path = ctx.Required(image);
            var conn = await ctx.ConnectAsync();
            var flags = ctx.Has(securityInfo) ? SaveImageXmlFlags.Secure : SaveImageXmlFlags.None;
            ctx.Out.Write(await conn.SaveImageXmlAsync(path, flags, ctx.Ct));
        }, image, securityInfo);

        var xmlFile = new NamedArg("xml", "filename containing updated XML for the target");
        set.Add("save-image-define", "redefine the XML for a domain's saved state file", async ctx =>
        {
            var flags = Flags(ctx, null, running, paused);
            var path = ctx.Required(image);
            var xml = DomainDefinitionCommands.ReadFile(ctx.Required(xmlFile));
            var conn = await ctx.ConnectAsync();
            await CliError.Wrap($"Failed to update {path}", () => conn.DefineSaveImageXmlAsync(path, xml, flags, ctx.Ct));
            ctx.PrintExtra($"State file {path} updated.\n");
        }, image, xmlFile, running, paused);
    }

    private static SaveFlags Flags(CommandContext ctx, System.CommandLine.Option<bool>? bypassCache, System.CommandLine.Option<bool> running, System.CommandLine.Option<bool> paused)
    {
        if (ctx.Has(running) && ctx.Has(paused))
            throw new CliError("Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
        return (bypassCache is not null && ctx.Has(bypassCache) ? SaveFlags.BypassCache : 0)
            | (ctx.Has(running) ? SaveFlags.Running : 0) | (ctx.Has(paused) ? SaveFlags.Paused : 0);
    }
}
