using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Storage;

namespace Vireo.Cli.Commands;

/// <summary>virsh's "Storage Pool" group for directory pools: pool-list, pool-info, pool-define and friends, with virsh 9.0's words.</summary>
public sealed class PoolCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Storage Pool";
        RegisterQueries(set);
        RegisterDefinitions(set);
        RegisterChanges(set);
    }

    private static void RegisterQueries(CommandSet set)
    {
        var inactive = Opt.Flag("--inactive", "list inactive pools");
        var all = Opt.Flag("--all", "list inactive & active pools");
        var transient = Opt.Flag("--transient", "list transient pools");
        var persistent = Opt.Flag("--persistent", "list persistent pools");
        var autostart = Opt.Flag("--autostart", "list pools with autostart enabled");
        var noAutostart = Opt.Flag("--no-autostart", "list pools with autostart disabled");
        var details = Opt.Flag("--details", "display extended details for pools");
        var uuid = Opt.Flag("--uuid", "list UUID of active pools only");
        var name = Opt.Flag("--name", "list name of active pools only");
        set.Add("pool-list", "list pools", async ctx =>
        {
            ctx.Exclusive(all, inactive);
            var flags = ctx.Has(all) ? StoragePoolListFlags.None : ctx.Has(inactive) ? StoragePoolListFlags.Inactive : StoragePoolListFlags.Active;
            if (ctx.Has(persistent)) flags |= StoragePoolListFlags.Persistent;
            if (ctx.Has(transient)) flags |= StoragePoolListFlags.Transient;
            if (ctx.Has(autostart)) flags |= StoragePoolListFlags.Autostart;
            if (ctx.Has(noAutostart)) flags |= StoragePoolListFlags.NoAutostart;
            var conn = await ctx.ConnectAsync();
            var pools = await CliError.Wrap("Failed to list pools", () => conn.ListStoragePoolsAsync(flags, ctx.Ct));
            if (ctx.Has(name) || ctx.Has(uuid))
            {
                // virsh pads names to 20 columns in this mode.
                ctx.Out.Write(StorageFormat.Lines(pools.Select(p => (p.Name, ctx.Has(uuid) ? p.Uuid.ToString() : p.Name.PadRight(20)))));
                return;
            }
            var rows = new List<PoolRow>();
            foreach (var p in pools)
            {
                var info = await p.GetInfoAsync(ctx.Ct);
                rows.Add(new PoolRow(p.Name, info.State, await p.IsActiveAsync(ctx.Ct), await p.GetAutostartAsync(ctx.Ct), await p.IsPersistentAsync(ctx.Ct),
                    info.Capacity, info.Allocation, info.Available));
            }
            ctx.Out.Write(StorageFormat.PoolList(rows, ctx.Has(details)));
        }, inactive, all, transient, persistent, autostart, noAutostart, details, uuid, name);

        var pool = new NamedArg("pool", "pool name or uuid");
        set.Add("pool-info", "storage pool information", async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(pool));
            var info = await p.GetInfoAsync(ctx.Ct);
            ctx.Out.Write(StorageFormat.PoolInfo(p.Name, p.Uuid, info.State, await p.IsPersistentAsync(ctx.Ct), await p.GetAutostartAsync(ctx.Ct),
                info.Capacity, info.Allocation, info.Available));
        }, pool);

        var dumpInactive = Opt.Flag("--inactive", "show inactive defined XML");
        set.Add("pool-dumpxml", "pool information in XML", async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(pool));
            ctx.Out.Write(await p.GetXmlDescAsync(ctx.Has(dumpInactive), ctx.Ct));
        }, pool, dumpInactive);

        var poolUuid = new NamedArg("pool", "pool uuid");
        set.Add("pool-name", "convert a pool UUID to pool name", async ctx =>
            ctx.Out.Write((await StorageLookup.PoolAsync(ctx, ctx.Required(poolUuid), LookupBy.Uuid)).Name + "\n"), poolUuid);
        var poolName = new NamedArg("pool", "pool name");
        set.Add("pool-uuid", "convert a pool name to pool UUID", async ctx =>
            ctx.Out.Write((await StorageLookup.PoolAsync(ctx, ctx.Required(poolName), LookupBy.Name)).Uuid + "\n"), poolName);
    }

    private static void RegisterDefinitions(CommandSet set)
    {
        var file = new NamedArg("file", "file containing an XML pool description");
        set.Add("pool-define", "define an inactive persistent storage pool or modify an existing persistent one from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var p = await CliError.Wrap($"Failed to define pool from {path}", () => conn.DefineStoragePoolAsync(xml, ctx.Ct));
            ctx.PrintExtra($"Pool {p.Name} defined from {path}\n");
        }, file);

        var createFile = new NamedArg("file", "file containing an XML pool description");
        set.Add("pool-create", "create a pool from an XML file", async ctx =>
        {
            var path = ctx.Required(createFile);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var p = await CliError.Wrap($"Failed to create pool from {path}", () => conn.CreateStoragePoolAsync(xml, StoragePoolCreateFlags.None, ctx.Ct));
            ctx.PrintExtra($"Pool {p.Name} created from {path}\n");
        }, createFile);

        AddAs(set, "pool-define-as", "define a pool from a set of args", define: true);
        AddAs(set, "pool-create-as", "create a pool from a set of args", define: false);
    }

    /// <summary>pool-define-as / pool-create-as NAME dir --target DIR (other pool types are the daemon's to refuse).</summary>
    private static void AddAs(CommandSet set, string command, string description, bool define)
    {
        var name = new NamedArg("name", "name of the pool");
        var type = new NamedArg("type", "type of the pool");
        var target = Opt.Text("--target", "target for underlying storage");
        var printXml = Opt.Flag("--print-xml", define ? "print XML document, but don't define the pool" : "print XML document, but don't define/create");
        set.Add(command, description, async ctx =>
        {
            var n = ctx.Required(name);
            var t = ctx.Required(type);
            var xml = t == "dir" ? StorageXmlText.DirPool(n, ctx.Get(target)) : $"<pool type='{t}'>\n  <name>{n}</name>\n</pool>\n";
            if (ctx.Has(printXml))
            {
                ctx.Out.Write(xml);
                return;
            }
            var conn = await ctx.ConnectAsync();
            if (define)
            {
                var p = await CliError.Wrap($"Failed to define pool {n}", () => conn.DefineStoragePoolAsync(xml, ctx.Ct));
                ctx.PrintExtra($"Pool {p.Name} defined\n");
            }
            else
            {
                var p = await CliError.Wrap($"Failed to create pool {n}", () => conn.CreateStoragePoolAsync(xml, StoragePoolCreateFlags.None, ctx.Ct));
                ctx.PrintExtra($"Pool {p.Name} created\n");
            }
        }, name, type, target, printXml);
    }

    private static void RegisterChanges(CommandSet set)
    {
        Change(set, "pool-build", "build a pool", "Failed to build pool {0}", "Pool {0} built", (p, ct) => p.BuildAsync(ct));
        Change(set, "pool-start", "start a (previously defined) inactive pool", "Failed to start pool {0}", "Pool {0} started", (p, ct) => p.StartAsync(StoragePoolCreateFlags.None, ct));
        Change(set, "pool-destroy", "destroy (stop) a pool", "Failed to destroy pool {0}", "Pool {0} destroyed", (p, ct) => p.DestroyAsync(ct));
        Change(set, "pool-delete", "delete a pool", "Failed to delete pool {0}", "Pool {0} deleted", (p, ct) => p.DeleteAsync(ct));
        Change(set, "pool-undefine", "undefine an inactive pool", "Failed to undefine pool {0}", "Pool {0} has been undefined", (p, ct) => p.UndefineAsync(ct));
        Change(set, "pool-refresh", "refresh a pool", "Failed to refresh pool {0}", "Pool {0} refreshed", (p, ct) => p.RefreshAsync(ct));

        var pool = new NamedArg("pool", "pool name or uuid");
        var disable = Opt.Flag("--disable", "disable autostarting");
        set.Add("pool-autostart", "autostart a pool", async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(pool));
            var on = !ctx.Has(disable);
            await CliError.Wrap(on ? $"failed to mark pool {p.Name} as autostarted" : $"failed to unmark pool {p.Name} as autostarted",
                () => p.SetAutostartAsync(on, ctx.Ct));
            ctx.PrintExtra(on ? $"Pool {p.Name} marked as autostarted\n" : $"Pool {p.Name} unmarked as autostarted\n");
        }, pool, disable);
    }

    /// <summary>A command that changes one pool and says so ({0} is the pool's name).</summary>
    private static void Change(CommandSet set, string command, string description, string failure, string success, Func<VirStoragePool, CancellationToken, Task> change)
    {
        var pool = new NamedArg("pool", "pool name or uuid");
        set.Add(command, description, async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(pool));
            await CliError.Wrap(string.Format(System.Globalization.CultureInfo.InvariantCulture, failure, p.Name), () => change(p, ctx.Ct));
            ctx.PrintExtra(string.Format(System.Globalization.CultureInfo.InvariantCulture, success, p.Name) + "\n");
        }, pool);
    }
}
