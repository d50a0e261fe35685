using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;

namespace Vireo.Cli.Commands;

/// <summary>net-event, pool-event, secret-event and nodedev-event: print events of networks, pools, secrets and node devices as virsh does.</summary>
public sealed class ObjectEventCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        // Networks have a single event id (lifecycle), so their subscription takes no id list: the one --event names.
        Add(set, "Networking", "net-event", "Network Events", VirObjectKind.Network, "network", "filter by network name or uuid",
            async (ctx, conn, arg, _) => await conn.SubscribeNetworkEventsAsync(
                arg is null ? null : await StorageLookup.NetworkAsync(ctx, arg), ctx.Ct));
        Add(set, "Storage Pool", "pool-event", "Storage Pool Events", VirObjectKind.StoragePool, "pool", "filter by storage pool name or uuid",
            async (ctx, conn, arg, ids) => await conn.SubscribeStoragePoolEventsAsync(ids,
                arg is null ? null : await StorageLookup.PoolAsync(ctx, arg), ctx.Ct));
        Add(set, "Secret", "secret-event", "Secret Events", VirObjectKind.Secret, "secret", "filter by secret name or uuid",
            async (ctx, conn, arg, ids) => await conn.SubscribeSecretEventsAsync(ids,
                arg is null ? null : await SecretCommands.FindAsync(ctx, arg), ctx.Ct));
        Add(set, "Node Device", "nodedev-event", "Node Device Events", VirObjectKind.NodeDevice, "device", "filter by node device name",
            async (ctx, conn, arg, ids) => await conn.SubscribeNodeDeviceEventsAsync(ids,
                arg is null ? null : (await NodeDeviceCommands.LookupAsync(ctx, arg)).Name, ctx.Ct));
    }

    private delegate Task<VirObjectEventSubscription> Subscribe(CommandContext ctx, VirConnection conn, string? filter, int[] eventIds);

    private static void Add(CommandSet set, string group, string command, string description, VirObjectKind kind,
        string filterName, string filterDescription, Subscribe subscribe)
    {
        set.Group = group;
        var filter = new NamedArg(filterName, filterDescription, required: false);
        var eventName = Opt.Text("--event", "which event type to wait for");
        var loop = Opt.Flag("--loop", "loop until timeout or interrupt, rather than one-shot");
        var timeout = Opt.Int("--timeout", "timeout seconds");
        var list = Opt.Flag("--list", "list valid event types");
        var timestamp = Opt.Flag("--timestamp", "show timestamp for each printed event");
        set.Add(command, description, async ctx =>
        {
            var names = ObjectEventFormat.Names(kind);
            if (ctx.Has(list))
            {
                ctx.Out.Write(string.Concat(names.Select(n => n + "\n")));
                return;
            }
            var name = ctx.Get(eventName) ?? throw new CliError("either --list or --event <type> is required");
            var id = names.ToList().IndexOf(name);
            if (id < 0) throw new CliError($"unknown event type {name}");
            if (ctx.Int(timeout) is < 1) throw new CliError($"Numeric value '{ctx.Get(timeout)}' for <timeout> option is malformed or out of range");

            var conn = await ctx.ConnectAsync();
            await using var sub = await subscribe(ctx, conn, ctx.Optional(filter), [id]);
            var count = await EventLoop.RunAsync(ctx, ct => sub.Events.ReadAllAsync(ct), ObjectEventFormat.Line, ctx.Has(loop), ctx.Int(timeout), ctx.Has(timestamp));
            EventLoop.Finish(ctx, count);
        }, filter, eventName, loop, timeout, list, timestamp);
    }
}
