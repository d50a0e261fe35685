using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>define, undefine, create: domains from and to XML files.</summary>
public sealed class DomainDefinitionCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var file = new NamedArg("file", "file containing an XML domain description");
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var validate = Opt.Flag("--validate", "validate the XML against the schema");
        set.Add("define", "define (but don't start) a domain from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var xml = ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var flags = ctx.Has(validate) ? DefineFlags.Validate : DefineFlags.None;
            var name = await CliError.Wrap($"Failed to define domain from {path}", () => conn.DefineLikeVirshAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{name}' defined from {path}\n");
        }, file, validate);

        var managedSave = Opt.Flag("--managed-save", "remove domain managed state file");
        var snapshots = Opt.Flag("--snapshots-metadata", "remove all domain snapshot metadata, if inactive");
        var checkpoints = Opt.Flag("--checkpoints-metadata", "remove all domain checkpoint metadata, if inactive");
        var nvram = Opt.Flag("--nvram", "remove nvram file");
        var keepNvram = Opt.Flag("--keep-nvram", "keep nvram file");
        var tpm = Opt.Flag("--tpm", "remove TPM state");
        var keepTpm = Opt.Flag("--keep-tpm", "keep TPM state");
        set.Add("undefine", "undefine a domain", async ctx =>
        {
            ctx.Exclusive(nvram, keepNvram);
            ctx.Exclusive(tpm, keepTpm);
            var dom = await ctx.DomainAsync(domain);
            var flags = UndefineFlags.None;
            if (ctx.Has(managedSave)) flags |= UndefineFlags.ManagedSave;
            if (ctx.Has(snapshots)) flags |= UndefineFlags.SnapshotsMetadata;
            if (ctx.Has(checkpoints)) flags |= UndefineFlags.CheckpointsMetadata;
            if (ctx.Has(nvram)) flags |= UndefineFlags.Nvram;
            if (ctx.Has(keepNvram)) flags |= UndefineFlags.KeepNvram;
            if (ctx.Has(tpm)) flags |= UndefineFlags.Tpm;
            if (ctx.Has(keepTpm)) flags |= UndefineFlags.KeepTpm;
            await CliError.Wrap($"Failed to undefine domain '{dom.Name}'", () => dom.UndefineAsync(flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{dom.Name}' has been undefined\n");
        }, domain, managedSave, snapshots, checkpoints, nvram, keepNvram, tpm, keepTpm);

        var console = Opt.Flag("--console", "attach to console after creation");
        var paused = Opt.Flag("--paused", "leave the guest paused after creation");
        var autodestroy = Opt.Flag("--autodestroy", "automatically destroy the guest when virsh disconnects");
        var createValidate = Opt.Flag("--validate", "validate the XML against the schema");
        set.Add("create", "create a domain from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var xml = ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var flags = CreateFlags.None;
            if (ctx.Has(paused)) flags |= CreateFlags.StartPaused;
            if (ctx.Has(autodestroy)) flags |= CreateFlags.Autodestroy;
            if (ctx.Has(createValidate)) flags |= CreateFlags.Validate;
            var dom = await CliError.Wrap($"Failed to create domain from {path}", () => conn.CreateDomainAsync(xml, flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{dom.Name}' created from {path}\n");
            if (ctx.Has(console)) await ConsoleCommands.AttachAsync(ctx, dom, null, ConsoleFlags.None);
        }, file, console, paused, autodestroy, createValidate);
    }

    /// <summary>Reads an XML file as virsh does (virFileReadAll), with its error text.</summary>
    internal static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException => "Permission denied",
                _ => e.Message,
            };
            throw new CliError($"Failed to open file '{path}': {reason}");
        }
    }
}
