using System.CommandLine;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>
/// virsh's "Checkpoint" group: checkpoint-create, checkpoint-create-as, checkpoint-list, checkpoint-dumpxml,
/// checkpoint-info, checkpoint-parent and checkpoint-delete, with virsh 9.0's options, order of checks and words.
/// </summary>
public sealed class CheckpointCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Checkpoint";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var checkpointName = new NamedArg("checkpointname", "checkpoint name", required: false);
        var quiesce = Opt.Flag("--quiesce", "quiesce guest's file systems");

        var xmlFile = new NamedArg("xmlfile", "domain checkpoint XML", required: false);
        var redefine = Opt.Flag("--redefine", "redefine metadata for existing checkpoint");
        var redefineValidate = Opt.Flag("--redefine-validate", "validate the redefined checkpoint");
        set.Add("checkpoint-create", "Create a checkpoint from XML", async ctx =>
        {
            if (ctx.Has(redefineValidate) && !ctx.Has(redefine)) throw new CliError("Option --redefine is required by option --redefine-validate");
            var flags = CheckpointCreateFlags.None;
            if (ctx.Has(redefine)) flags |= CheckpointCreateFlags.Redefine;
            if (ctx.Has(redefineValidate)) flags |= CheckpointCreateFlags.RedefineValidate;
            if (ctx.Has(quiesce)) flags |= CheckpointCreateFlags.Quiesce;
            var dom = await ctx.DomainAsync(domain);
            var from = ctx.Optional(xmlFile) is { } f ? NotEmpty(f, xmlFile) : null;
            var xml = from is null ? "<domaincheckpoint/>" : DomainDefinitionCommands.ReadFile(from);
            var created = await dom.CreateCheckpointAsync(xml, flags, ctx.Ct); // virsh prints the daemon's error alone
            ctx.PrintExtra(from is null ? $"Domain checkpoint {created.Name} created" : $"Domain checkpoint {created.Name} created from '{from}'");
        }, domain, xmlFile, redefine, redefineValidate, quiesce);

        var name = new NamedArg("name", "name of checkpoint", required: false);
        var description = new NamedArg("description", "description of checkpoint", required: false);
        var printXml = Opt.Flag("--print-xml", "print XML document rather than create");
        var diskspecs = new Argument<string[]>("diskspec") { Description = "disk attributes: disk[,checkpoint=type][,bitmap=name]", Arity = ArgumentArity.ZeroOrMore };
        var diskspecOption = new Option<string[]>("--diskspec") { Description = "disk attributes: disk[,checkpoint=type][,bitmap=name]", Hidden = true, AllowMultipleArgumentsPerToken = false };
        set.Add("checkpoint-create-as", "Create a checkpoint from a set of args", async ctx =>
        {
            var flags = ctx.Has(quiesce) ? CheckpointCreateFlags.Quiesce : CheckpointCreateFlags.None;
            var dom = await ctx.DomainAsync(domain);
            var nameText = ctx.Optional(name) is { } n ? NotEmpty(n, name) : null;
            var descriptionText = ctx.Optional(description) is { } d ? NotEmpty(d, description) : null;
            var specs = ctx.Argv(diskspecOption, diskspecs);
            var xml = CheckpointText.CreateAsXml(nameText, descriptionText, specs);
            if (ctx.Has(printXml))
            {
                ctx.Out.Write(xml + "\n");
                return;
            }
            var created = await dom.CreateCheckpointAsync(xml, flags, ctx.Ct);
            ctx.PrintExtra($"Domain checkpoint {created.Name} created");
        }, domain, name, description, printXml, quiesce, diskspecs, diskspecOption);

        RegisterList(set, domain);

        var securityInfo = Opt.Flag("--security-info", "include security sensitive information in XML dump");
        var noDomain = Opt.Flag("--no-domain", "exclude <domain> from XML");
        var size = Opt.Flag("--size", "include backup size estimate in XML dump");
        set.Add("checkpoint-dumpxml", "Dump XML for a domain checkpoint", async ctx =>
        {
            var flags = CheckpointXmlFlags.None;
            if (ctx.Has(securityInfo)) flags |= CheckpointXmlFlags.Secure;
            if (ctx.Has(noDomain)) flags |= CheckpointXmlFlags.NoDomain;
            if (ctx.Has(size)) flags |= CheckpointXmlFlags.Size;
            var checkpoint = await LookupAsync(ctx, domain, checkpointName, "checkpointname");
            ctx.Out.Write(await checkpoint.GetXmlDescAsync(flags, ctx.Ct));
        }, domain, checkpointName, securityInfo, noDomain, size);

        set.Add("checkpoint-info", "checkpoint information", async ctx =>
        {
            // virsh prints each line as soon as it has it, so a later failure leaves the earlier lines printed.
            var checkpoint = await LookupAsync(ctx, domain, checkpointName, "checkpointname");
            ctx.Out.Write(Text.Field("Name:", 15, checkpoint.Name) + Text.Field("Domain:", 15, checkpoint.Domain.Name));
            var parent = await ParentAsync(checkpoint, ctx.Ct, "unexpected problem querying checkpoint state");
            ctx.Out.Write(Text.Field("Parent:", 15, parent?.Name ?? "-"));
            int count;
            try
            {
                count = await checkpoint.CountChildrenAsync(CheckpointListFlags.None, ctx.Ct);
            }
            catch (VirException e) when (e.Code == VirErrorCode.NoSupport)
            {
                return; // a daemon that cannot list children: virsh stops quietly after the parent
            }
            ctx.Out.Write(Text.Field("Children:", 15, Text.Inv($"{count}")));
            count = await checkpoint.CountChildrenAsync(CheckpointListFlags.Descendants, ctx.Ct);
            ctx.Out.Write(Text.Field("Descendants:", 15, Text.Inv($"{count}")));
        }, domain, checkpointName);

        set.Add("checkpoint-parent", "Get the name of the parent of a checkpoint", async ctx =>
        {
            var checkpoint = await LookupAsync(ctx, domain, checkpointName, "checkpointname");
            var parent = await ParentAsync(checkpoint, ctx.Ct) ?? throw new CliError($"checkpoint '{checkpoint.Name}' has no parent");
            ctx.Out.Write(parent.Name); // no newline of its own: the one after every command ends it
        }, domain, checkpointName);

        var children = Opt.Flag("--children", "delete checkpoint and all children");
        var childrenOnly = Opt.Flag("--children-only", "delete children but not checkpoint");
        var metadata = Opt.Flag("--metadata", "delete only libvirt metadata, leaving checkpoint contents behind");
        set.Add("checkpoint-delete", "Delete a domain checkpoint", async ctx =>
        {
            var checkpoint = await LookupAsync(ctx, domain, checkpointName, "checkpointname");
            var flags = CheckpointDeleteFlags.None;
            if (ctx.Has(children)) flags |= CheckpointDeleteFlags.Children;
            if (ctx.Has(childrenOnly)) flags |= CheckpointDeleteFlags.ChildrenOnly;
            if (ctx.Has(metadata)) flags |= CheckpointDeleteFlags.MetadataOnly;
            await CliError.Wrap($"Failed to delete checkpoint {checkpoint.Name}", () => checkpoint.DeleteAsync(flags, ctx.Ct));
            ctx.PrintExtra(flags.HasFlag(CheckpointDeleteFlags.ChildrenOnly)
                ? $"Domain checkpoint {checkpoint.Name} children deleted\n"
                : $"Domain checkpoint {checkpoint.Name} deleted\n");
        }, domain, checkpointName, children, childrenOnly, metadata);
    }

    private static void RegisterList(CommandSet set, NamedArg domain)
    {
        var parent = Opt.Flag("--parent", "add a column showing parent checkpoint");
        var roots = Opt.Flag("--roots", "list only checkpoints without parents");
        var leaves = Opt.Flag("--leaves", "list only checkpoints without children");
        var noLeaves = Opt.Flag("--no-leaves", "list only checkpoints that are not leaves (with children)");
        var tree = Opt.Flag("--tree", "list checkpoints in a tree");
        var from = Opt.Text("--from", "limit list to children of given checkpoint");
        var descendants = Opt.Flag("--descendants", "with --from, list all descendants");
        var names = Opt.Flag("--name", "list checkpoint names only");
        var topological = Opt.Flag("--topological", "sort list topologically rather than by name");
        set.Add("checkpoint-list", "List checkpoints for a domain", async ctx =>
        {
            var fromText = ctx.Get(from);
            var withFrom = fromText is not null;
            ctx.Exclusive(tree, names);
            ctx.Exclusive(parent, roots);
            ctx.Exclusive(parent, tree);
            ctx.Exclusive(roots, tree);
            if (ctx.Has(roots) && withFrom) throw new CliError("Options --roots and --from are mutually exclusive");
            var flags = CheckpointListFlags.None;
            foreach (var (option, flag) in new[] { (leaves, CheckpointListFlags.Leaves), (noLeaves, CheckpointListFlags.NoLeaves) })
            {
                if (!ctx.Has(option)) continue;
                if (ctx.Has(tree)) throw new CliError($"{option.Name} and --tree are mutually exclusive");
                flags |= flag;
            }
            if (ctx.Has(topological)) flags |= CheckpointListFlags.Topological;
            if (ctx.Has(roots)) flags |= CheckpointListFlags.Roots;
            if (ctx.Has(descendants))
            {
                if (!withFrom) throw new CliError("--descendants requires --from");
                flags |= CheckpointListFlags.Descendants;
            }
            var dom = await ctx.DomainAsync(domain);
            var start = withFrom ? await LookupAsync(ctx, dom, NotEmpty(fromText!, "from")) : null;

            IReadOnlyList<VirDomainCheckpoint> listed;
            try
            {
                listed = start is null ? await dom.ListCheckpointsAsync(flags, ctx.Ct) : await start.ListChildrenAsync(flags, ctx.Ct);
            }
            catch (VirException e)
            {
                throw new CliError("unexpected problem querying checkpoints", e.Message);
            }

            if (ctx.Has(tree))
            {
                var items = new List<(string Name, string? Parent)>();
                foreach (var c in listed) items.Add((c.Name, (await ParentAsync(c, ctx.Ct))?.Name));
                if (start is not null) items.Add((start.Name, null)); // with --from, the tree hangs from it
                ctx.Out.Write(VshTree.Format(CheckpointText.Order(items, i => i.Name, ctx.Has(topological))));
                return;
            }
            var ordered = CheckpointText.Order(listed, c => c.Name, ctx.Has(topological));
            if (ctx.Has(names))
            {
                foreach (var c in ordered) ctx.Out.Write(c.Name + "\n");
                return;
            }
            var rows = new List<(string, string)>();
            foreach (var c in ordered)
            {
                // virsh skips a checkpoint whose XML it cannot get (deleted meanwhile).
                try { rows.Add((c.Name, await c.GetXmlDescAsync(CheckpointXmlFlags.None, ctx.Ct))); }
                catch (VirException) { }
            }
            ctx.Out.Write(CheckpointText.Table(rows, ctx.Has(parent), TimeZoneInfo.Local));
        }, domain, parent, roots, leaves, noLeaves, tree, from, descendants, names, topological);
    }

    /// <summary>virshLookupCheckpoint: the domain, then the named checkpoint ("--checkpointname is required" without one).</summary>
    private static async Task<VirDomainCheckpoint> LookupAsync(CommandContext ctx, NamedArg domain, NamedArg checkpoint, string option)
    {
        var dom = await ctx.DomainAsync(domain);
        var text = ctx.Optional(checkpoint) ?? throw new CliError($"--{option} is required");
        return await LookupAsync(ctx, dom, NotEmpty(text, option));
    }

    private static Task<VirDomainCheckpoint> LookupAsync(CommandContext ctx, VirDomain dom, string name) =>
        dom.LookupCheckpointAsync(name, ctx.Ct); // an unknown checkpoint: the daemon's error alone, as virsh prints it

    /// <summary>
    /// virshGetCheckpointParent: null for a root; any other failure is the daemon's error, then virsh's
    /// "unable to determine" line (and the caller's own, when it has one).
    /// </summary>
    private static async Task<VirDomainCheckpoint?> ParentAsync(VirDomainCheckpoint checkpoint, CancellationToken ct, string? callerLine = null)
    {
        try
        {
            return await checkpoint.GetParentAsync(ct);
        }
        catch (VirException e)
        {
            throw new CliError([e.Message, "unable to determine if checkpoint has parent", .. callerLine is null ? Array.Empty<string>() : [callerLine]]);
        }
    }

    private static string NotEmpty(string value, NamedArg arg) => NotEmpty(value, arg.Name);

    /// <summary>virsh's vshCommandOptStringReq: an option given empty is refused.</summary>
    private static string NotEmpty(string value, string option) =>
        value.Length > 0 ? value : throw new CliError($"Failed to get option '{option}': Option argument is empty");
}
