using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>desc and metadata, with virsh's options, rules and words (virsh 9.0).</summary>
public sealed class MetadataCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var impact = new ImpactOptions("modify/get");
        var title = Opt.Flag("--title", "modify/get the title instead of description");
        var newDesc = new System.CommandLine.Option<string[]>("--new-desc")
        {
            Description = "message",
            AllowMultipleArgumentsPerToken = true,
        };
        set.Add("desc", "show or set domain's description or title", async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var dom = await ctx.DomainAsync(domain);
            var type = ctx.Has(title) ? MetadataType.Title : MetadataType.Description;
            var what = ctx.Has(title) ? "title" : "description";
            if (ctx.Parse.GetResult(newDesc) is not null && ctx.Get(newDesc) is { } words)
            {
                var text = string.Join(' ', words);
                await CliError.Wrap($"Failed to set new domain {what}", () => dom.SetMetadataAsync(type, text, null, null, flags, ctx.Ct));
                ctx.PrintExtra($"Domain {what} updated successfully");
                return;
            }
            // virsh reads the saved definition for --config (its XML_INACTIVE flag, numerically AFFECT_CONFIG).
            var read = flags.HasFlag(ModifyFlags.Config) ? ModifyFlags.Config : ModifyFlags.Current;
            var value = await ReadOrEmptyAsync(dom, type, read, ctx.Ct);
            // The session ends every command with a newline (virsh too), so the text goes out without one.
            if (value.Length == 0) ctx.PrintExtra($"No {what} for domain: {dom.Name}");
            else ctx.Out.Write(value);
        }, [domain, .. impact.Symbols, title, newDesc]);

        var uri = new NamedArg("uri", "URI of the namespace");
        var key = Opt.Text("--key", "key to be used as a namespace identifier");
        var setXml = Opt.Text("--set", "new metadata to set");
        var remove = Opt.Flag("--remove", "remove the metadata corresponding to an uri");
        set.Add("metadata", "show or set domain's custom XML metadata", async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var xml = ctx.Get(setXml);
            if (xml is not null && ctx.Has(remove)) throw new CliError("Options --remove and --set are mutually exclusive");
            if (xml is { Length: 0 }) throw new CliError("Failed to get option 'set': Option argument is empty");
            var ns = ctx.Required(uri);
            var k = ctx.Get(key);
            if (xml is not null && k is null) throw new CliError("namespace key is required when modifying metadata");
            var dom = await ctx.DomainAsync(domain);
            if (xml is not null || ctx.Has(remove))
            {
                await dom.SetMetadataAsync(MetadataType.Element, xml, xml is null ? null : k, ns, flags, ctx.Ct);
                ctx.PrintExtra(xml is null ? "Metadata removed\n" : "Metadata modified\n");
                return;
            }
            ctx.Out.Write(await dom.GetMetadataAsync(MetadataType.Element, ns, flags, ctx.Ct) + "\n");
        }, [domain, uri, .. impact.Symbols, key, setXml, remove]);
    }

    /// <summary>virsh shows a missing title or description as empty, not as an error.</summary>
    private static async Task<string> ReadOrEmptyAsync(VirDomain dom, MetadataType type, ModifyFlags flags, CancellationToken ct)
    {
        try
        {
            return await dom.GetMetadataAsync(type, null, flags, ct);
        }
        catch (Core.Errors.VirException e) when (e.Code == Core.Errors.VirErrorCode.NoDomainMetadata)
        {
            return "";
        }
    }
}
