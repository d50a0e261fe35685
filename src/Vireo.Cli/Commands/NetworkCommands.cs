using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Networks;

namespace Vireo.Cli.Commands;

/// <summary>virsh's "Networking" group: net-list, net-info, net-define, net-start and friends, with virsh 9.0's words.</summary>
public sealed class NetworkCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Networking";
        RegisterQueries(set);
        RegisterChanges(set);
        RegisterUpdate(set);
    }

    private static void RegisterQueries(CommandSet set)
    {
        var inactive = Opt.Flag("--inactive", "list inactive networks");
        var all = Opt.Flag("--all", "list inactive & active networks");
        var persistent = Opt.Flag("--persistent", "list persistent networks");
        var transient = Opt.Flag("--transient", "list transient networks");
        var autostart = Opt.Flag("--autostart", "list networks with autostart enabled");
        var noAutostart = Opt.Flag("--no-autostart", "list networks with autostart disabled");
        var uuid = Opt.Flag("--uuid", "list uuid's only");
        var name = Opt.Flag("--name", "list network names only");
        var table = Opt.Flag("--table", "list table (default)");
        set.Add("net-list", "list networks", async ctx =>
        {
            if (new[] { table, name, uuid }.Count(ctx.Has) > 1) throw new CliError("Only one argument from --table, --name and --uuid may be specified.");
            var flags = ctx.Has(all) ? NetworkListFlags.None : ctx.Has(inactive) ? NetworkListFlags.Inactive : NetworkListFlags.Active;
            if (ctx.Has(persistent)) flags |= NetworkListFlags.Persistent;
            if (ctx.Has(transient)) flags |= NetworkListFlags.Transient;
            if (ctx.Has(autostart)) flags |= NetworkListFlags.Autostart;
            if (ctx.Has(noAutostart)) flags |= NetworkListFlags.NoAutostart;
            var conn = await ctx.ConnectAsync();
            var nets = await CliError.Wrap("Failed to list networks", () => conn.ListNetworksAsync(flags, ctx.Ct));
            var rows = new List<NetRow>();
            foreach (var n in nets)
            {
                var table = !ctx.Has(name) && !ctx.Has(uuid);
                rows.Add(table
                    ? new NetRow(n.Name, n.Uuid, await n.IsActiveAsync(ctx.Ct), await n.GetAutostartAsync(ctx.Ct), await n.IsPersistentAsync(ctx.Ct))
                    : new NetRow(n.Name, n.Uuid, false, false, false));
            }
            ctx.Out.Write(NetworkFormat.NetList(rows, ctx.Has(name), ctx.Has(uuid)));
        }, inactive, all, persistent, transient, autostart, noAutostart, uuid, name, table);

        var network = new NamedArg("network", "network name or uuid");
        set.Add("net-info", "network information", async ctx =>
        {
            var n = await StorageLookup.NetworkAsync(ctx, ctx.Required(network));
            string? bridge;
            try { bridge = await n.GetBridgeNameAsync(ctx.Ct); }
            catch (VirException) { bridge = null; } // virsh leaves the line out when the network has no bridge
            ctx.Out.Write(NetworkFormat.NetInfo(n.Name, n.Uuid, await n.IsActiveAsync(ctx.Ct), await n.IsPersistentAsync(ctx.Ct), await n.GetAutostartAsync(ctx.Ct), bridge));
        }, network);

        var dumpInactive = Opt.Flag("--inactive", "show inactive defined XML");
        set.Add("net-dumpxml", "network information in XML", async ctx =>
        {
            var n = await StorageLookup.NetworkAsync(ctx, ctx.Required(network));
            ctx.Out.Write(await n.GetXmlDescAsync(ctx.Has(dumpInactive), ctx.Ct));
        }, network, dumpInactive);

        var byUuid = new NamedArg("network", "network uuid");
        set.Add("net-name", "convert a network UUID to network name", async ctx =>
            ctx.Out.Write((await StorageLookup.NetworkAsync(ctx, ctx.Required(byUuid), LookupBy.Uuid)).Name + "\n"), byUuid);
        var byName = new NamedArg("network", "network name");
        set.Add("net-uuid", "convert a network name to network UUID", async ctx =>
            ctx.Out.Write((await StorageLookup.NetworkAsync(ctx, ctx.Required(byName), LookupBy.Name)).Uuid + "\n"), byName);
    }

    private static void RegisterChanges(CommandSet set)
    {
        var file = new NamedArg("file", "file containing an XML network description");
        // As virsh 9.0: without --validate the flag-less procedure, so an older daemon still answers.
        var validate = Opt.Flag("--validate", "validate the XML against the schema");
        set.Add("net-define", "define an inactive persistent virtual network or modify an existing persistent one from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var n = await CliError.Wrap($"Failed to define network from {path}", () => ctx.Has(validate)
                ? conn.DefineNetworkAsync(xml, NetworkDefineFlags.Validate, ctx.Ct)
                : conn.DefineNetworkAsync(xml, ctx.Ct));
            ctx.PrintExtra($"Network {n.Name} defined from {path}\n");
        }, file, validate);

        var createFile = new NamedArg("file", "file containing an XML network description");
        set.Add("net-create", "create a network from an XML file", async ctx =>
        {
            var path = ctx.Required(createFile);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var n = await CliError.Wrap($"Failed to create network from {path}", () => ctx.Has(validate)
                ? conn.CreateNetworkAsync(xml, NetworkCreateFlags.Validate, ctx.Ct)
                : conn.CreateNetworkAsync(xml, ctx.Ct));
            ctx.PrintExtra($"Network {n.Name} created from {path}\n");
        }, createFile, validate);

        Change(set, "net-start", "start a (previously defined) inactive network", "Failed to start network {0}", "Network {0} started", (n, ct) => n.StartAsync(ct));
        Change(set, "net-destroy", "destroy (stop) a network", "Failed to destroy network {0}", "Network {0} destroyed", (n, ct) => n.DestroyAsync(ct));
        Change(set, "net-undefine", "undefine a persistent network", "Failed to undefine network {0}", "Network {0} has been undefined", (n, ct) => n.UndefineAsync(ct));

        var network = new NamedArg("network", "network name or uuid");
        var disable = Opt.Flag("--disable", "disable autostarting");
        set.Add("net-autostart", "autostart a network", async ctx =>
        {
            var n = await StorageLookup.NetworkAsync(ctx, ctx.Required(network));
            var on = !ctx.Has(disable);
            await CliError.Wrap(on ? $"failed to mark network {n.Name} as autostarted" : $"failed to unmark network {n.Name} as autostarted",
                () => n.SetAutostartAsync(on, ctx.Ct));
            ctx.PrintExtra(on ? $"Network {n.Name} marked as autostarted\n" : $"Network {n.Name} unmarked as autostarted\n");
        }, network, disable);
    }

    /// <summary>virsh net-update: its command and section words, the XML as text or a file, and its "Updated network" line (printed, as virsh prints it, without its own newline).</summary>
    private static void RegisterUpdate(CommandSet set)
    {
        var network = new NamedArg("network", "network name or uuid");
        var command = new NamedArg("command", "type of update (add-first, add-last (add), delete, or modify)");
        var section = new NamedArg("section", "which section of network configuration to update");
        var xml = new NamedArg("xml", "name of file containing xml (or, if it starts with '<', the complete xml element itself) to add/modify, or to be matched for search");
        var parentIndex = Opt.Int("--parent-index", "which parent object to search through");
        var impact = new ImpactOptions();
        set.Add("net-update", "update parts of an existing network's configuration", async ctx =>
        {
            var flags = impact.Read(ctx);
            var n = await StorageLookup.NetworkAsync(ctx, ctx.Required(network));
            var commandText = ctx.Required(command);
            var code = commandText switch
            {
                "add" or "add-last" => NetworkUpdateCommand.AddLast,
                "add-first" => NetworkUpdateCommand.AddFirst,
                "modify" => NetworkUpdateCommand.Modify,
                "delete" => NetworkUpdateCommand.Delete,
                _ => throw new CliError($"unrecognized command name '{commandText}'"),
            };
            var sectionText = ctx.Required(section);
            var part = Enum.GetValues<NetworkUpdateSection>().Where(v => v != NetworkUpdateSection.None)
                .FirstOrDefault(v => NetworkUpdate.SectionName(v).Replace(' ', '-') == sectionText);
            if (part == NetworkUpdateSection.None) throw new CliError($"unrecognized section name '{sectionText}'");
            var text = ctx.Required(xml);
            if (!text.StartsWith('<')) text = DomainDefinitionCommands.ReadFile(text);
            var update = (NetworkUpdateFlags)(uint)(flags ?? ModifyFlags.Current);
            await CliError.Wrap($"Failed to update network {n.Name}", () => n.UpdateAsync(code, part, ctx.Int(parentIndex) ?? -1, text, update, ctx.Ct));
            var live = update.HasFlag(NetworkUpdateFlags.Live) || (update == NetworkUpdateFlags.Current && await n.IsActiveAsync(ctx.Ct));
            var config = update.HasFlag(NetworkUpdateFlags.Config) || (update == NetworkUpdateFlags.Current && !live);
            ctx.PrintExtra($"Updated network {n.Name} {(config && live ? "persistent config and live state" : config ? "persistent config" : "live state")}");
        }, [network, command, section, xml, parentIndex, .. impact.Symbols]);
    }

    /// <summary>A command that changes one network and says so ({0} is the network's name).</summary>
    private static void Change(CommandSet set, string command, string description, string failure, string success, Func<VirNetwork, CancellationToken, Task> change)
    {
        var network = new NamedArg("network", "network name or uuid");
        set.Add(command, description, async ctx =>
        {
            var n = await StorageLookup.NetworkAsync(ctx, ctx.Required(network));
            await CliError.Wrap(string.Format(System.Globalization.CultureInfo.InvariantCulture, failure, n.Name), () => change(n, ctx.Ct));
            ctx.PrintExtra(string.Format(System.Globalization.CultureInfo.InvariantCulture, success, n.Name) + "\n");
        }, network);
    }
}
