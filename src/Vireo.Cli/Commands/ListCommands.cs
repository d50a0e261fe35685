using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>`list`: virsh's domain listing with its filters.</summary>
public sealed class ListCommands : ICommandGroup
{
    private static readonly (string Name, string Description, ListFlags Flags)[] Filters =
    [
        ("--inactive", "list inactive domains", ListFlags.Inactive),
        ("--all", "list inactive & active domains", ListFlags.Inactive | ListFlags.Active),
        ("--transient", "list transient domains", ListFlags.Transient),
        ("--persistent", "list persistent domains", ListFlags.Persistent),
        ("--with-snapshot", "list domains with existing snapshot", ListFlags.HasSnapshot),
        ("--without-snapshot", "list domains without a snapshot", ListFlags.NoSnapshot),
        ("--with-checkpoint", "list domains with existing checkpoint", ListFlags.HasCheckpoint),
        ("--without-checkpoint", "list domains without a checkpoint", ListFlags.NoCheckpoint),
        ("--state-running", "list domains in running state", ListFlags.Running),
        ("--state-paused", "list domains in paused state", ListFlags.Paused),
        ("--state-shutoff", "list domains in shutoff state", ListFlags.Shutoff),
        ("--state-other", "list domains in other states", ListFlags.Other),
        ("--autostart", "list domains with autostart enabled", ListFlags.Autostart),
        ("--no-autostart", "list domains with autostart disabled", ListFlags.NoAutostart),
        ("--with-managed-save", "list domains with managed save state", ListFlags.ManagedSave),
        ("--without-managed-save", "list domains without managed save", ListFlags.NoManagedSave),
    ];

    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var filters = Filters.Select(f => (Option: Opt.Flag(f.Name, f.Description), f.Flags)).ToArray();
        var uuid = Opt.Flag("--uuid", "list uuid's only");
        var name = Opt.Flag("--name", "list domain names only");
        var table = Opt.Flag("--table", "list table (default)");
        object[] symbols = [.. filters.Select(f => f.Option), uuid, name, table];

        set.Add("list", "list domains", async ctx =>
        {
            ctx.Exclusive(table, name);
            ctx.Exclusive(table, uuid);
            var flags = ListFlags.All;
            foreach (var (option, f) in filters)
                if (ctx.Has(option)) flags |= f;
            // With no activity or state filter, virsh lists the running domains only.
            const ListFlags activity = ListFlags.Active | ListFlags.Inactive | ListFlags.Running | ListFlags.Paused | ListFlags.Shutoff | ListFlags.Other;
            if ((flags & activity) == 0) flags |= ListFlags.Active;

            var conn = await ctx.ConnectAsync();
            var domains = await CliError.Wrap("Failed to list domains", () => conn.ListAllDomainsAsync(flags, ctx.Ct));
            var rows = new List<ListRow>();
            foreach (var d in domains)
            {
                Core.State.StateWithReason? state = null;
                try { state = await d.GetStateAsync(ctx.Ct); }
                catch (VirException) { } // a domain that vanished meanwhile still gets its row, with state "-"
                rows.Add(new ListRow(d.Id, d.Name, d.Uuid, state));
            }
            var sorted = ListFormat.Sort(rows);
            bool byUuid = ctx.Has(uuid), byName = ctx.Has(name);
            ctx.Out.Write(byUuid || byName ? ListFormat.Plain(sorted, byUuid, byName) : ListFormat.Table(sorted, withTitle: false));
        }, symbols);
    }
}
