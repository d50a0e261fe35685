using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Storage;

namespace Vireo.Cli.Commands;

/// <summary>virsh's "Storage Volume" group: vol-list, vol-info, vol-create-as, vol-clone, vol-resize and friends, with virsh 9.0's words.</summary>
public sealed class VolumeCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Storage Volume";
        RegisterQueries(set);
        RegisterCreation(set);
        RegisterChanges(set);
    }

    /// <summary>The volume argument and --pool that most vol-* commands take.</summary>
    private sealed record VolArgs(NamedArg Vol, System.CommandLine.Option<string?> Pool)
    {
        public static VolArgs Create(string help = "vol name, key or path") => new(new NamedArg("vol", help), Opt.Text("--pool", "pool name or uuid"));
        public Task<VirStorageVol> FindAsync(CommandContext ctx) => StorageLookup.VolumeAsync(ctx, ctx.Required(Vol), ctx.Get(Pool));
    }

    private static void RegisterQueries(CommandSet set)
    {
        var pool = new NamedArg("pool", "pool name or uuid");
        var details = Opt.Flag("--details", "display extended details for volumes");
        set.Add("vol-list", "list vols", async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(pool));
            var vols = await CliError.Wrap("Failed to list volumes", () => p.ListVolumesAsync(ctx.Ct));
            var rows = new List<VolRow>();
            foreach (var v in vols)
            {
                var info = ctx.Has(details) ? await v.GetInfoAsync(ctx.Ct) : default;
                rows.Add(new VolRow(v.Name, await v.GetPathAsync(ctx.Ct), info.Type, info.Capacity, info.Allocation));
            }
            ctx.Out.Write(StorageFormat.VolList(rows, ctx.Has(details)));
        }, pool, details);

        var info = VolArgs.Create();
        var bytes = Opt.Flag("--bytes", "sizes are represented in bytes rather than pretty units");
        set.Add("vol-info", "storage vol information", async ctx =>
        {
            var v = await info.FindAsync(ctx);
            var i = await v.GetInfoAsync(ctx.Ct);
            ctx.Out.Write(StorageFormat.VolInfo(v.Name, i.Type, i.Capacity, i.Allocation, ctx.Has(bytes)));
        }, info.Vol, info.Pool, bytes);

        var dump = VolArgs.Create();
        set.Add("vol-dumpxml", "vol information in XML", async ctx =>
            ctx.Out.Write(await (await dump.FindAsync(ctx)).GetXmlDescAsync(ctx.Ct)), dump.Vol, dump.Pool);

        var path = VolArgs.Create("vol name or key");
        set.Add("vol-path", "returns the volume path for a given volume name or key", async ctx =>
            ctx.Out.Write(await (await path.FindAsync(ctx)).GetPathAsync(ctx.Ct) + "\n"), path.Vol, path.Pool);

        var key = VolArgs.Create("vol name or path");
        set.Add("vol-key", "returns the volume key for a given volume name or path", async ctx =>
            ctx.Out.Write((await key.FindAsync(ctx)).Key + "\n"), key.Vol, key.Pool);

        var byKey = new NamedArg("vol", "volume key or path");
        set.Add("vol-name", "returns the volume name for a given volume key or path", async ctx =>
            ctx.Out.Write((await StorageLookup.VolumeAsync(ctx, ctx.Required(byKey), null, byName: false)).Name + "\n"), byKey);

        var poolOf = new NamedArg("vol", "volume key or path");
        var uuid = Opt.Flag("--uuid", "return the pool uuid rather than pool name");
        set.Add("vol-pool", "returns the storage pool for a given volume key or path", async ctx =>
        {
            var v = await StorageLookup.VolumeAsync(ctx, ctx.Required(poolOf), null, byName: false);
            var p = await CliError.Wrap("failed to get parent pool", () => v.GetPoolAsync(ctx.Ct));
            ctx.Out.Write((ctx.Has(uuid) ? p.Uuid.ToString() : p.Name) + "\n");
        }, poolOf, uuid);
    }

    private static void RegisterCreation(CommandSet set)
    {
        var pool = new NamedArg("pool", "pool name");
        var name = new NamedArg("name", "name of the volume");
        var capacity = new NamedArg("capacity", "size of the vol, as scaled integer (default bytes)");
        var allocation = Opt.Text("--allocation", "initial allocation size, as scaled integer (default bytes)");
        var format = Opt.Text("--format", "file format type raw,bochs,qcow,qcow2,qed,vmdk");
        var backingVol = Opt.Text("--backing-vol", "the backing volume if taking a snapshot");
        var backingFormat = Opt.Text("--backing-vol-format", "format of backing volume if taking a snapshot");
        var printXml = Opt.Flag("--print-xml", "print XML document, but don't define/create");
        set.Add("vol-create-as", "create a volume from a set of args", async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(pool));
            var n = ctx.Required(name);
            var size = Size(ctx.Required(capacity));
            ulong? alloc = ctx.Get(allocation) is { } a ? Size(a) : null;
            string? backingPath = null;
            if (ctx.Get(backingVol) is { } b)
                backingPath = await (await StorageLookup.VolumeAsync(ctx, b, p.Name)).GetPathAsync(ctx.Ct);
            var xml = StorageXmlText.Volume(n, size, alloc, ctx.Get(format), backingPath, ctx.Get(backingFormat));
            if (ctx.Has(printXml))
            {
                ctx.Out.Write(xml);
                return;
            }
            await CliError.Wrap($"Failed to create vol {n}", () => p.CreateVolumeAsync(xml, StorageVolCreateFlags.None, ctx.Ct));
            ctx.PrintExtra($"Vol {n} created\n");
        }, pool, name, capacity, allocation, format, backingVol, backingFormat, printXml);

        var createPool = new NamedArg("pool", "pool name");
        var file = new NamedArg("file", "file containing an XML vol description");
        set.Add("vol-create", "create a vol from an XML file", async ctx =>
        {
            var p = await StorageLookup.PoolAsync(ctx, ctx.Required(createPool));
            var path = ctx.Required(file);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var v = await CliError.Wrap($"Failed to create vol from {path}", () => p.CreateVolumeAsync(xml, StorageVolCreateFlags.None, ctx.Ct));
            ctx.PrintExtra($"Vol {v.Name} created from {path}\n");
        }, createPool, file);

        var clone = VolArgs.Create("orig vol name or key");
        var newName = new NamedArg("newname", "clone name");
        var clonePrint = Opt.Flag("--print-xml", "print XML document, but don't define/create");
        set.Add("vol-clone", "clone a volume.", async ctx =>
        {
            var orig = await clone.FindAsync(ctx);
            var n = ctx.Required(newName);
            var p = await CliError.Wrap("failed to get parent pool", () => orig.GetPoolAsync(ctx.Ct));
            var xml = StorageXmlText.Clone(await orig.GetXmlDescAsync(ctx.Ct), n);
            if (ctx.Has(clonePrint))
            {
                ctx.Out.Write(xml);
                return;
            }
            await CliError.Wrap($"Failed to clone vol from {orig.Name}", () => p.CloneVolumeAsync(xml, orig, StorageVolCreateFlags.None, ctx.Ct));
            ctx.PrintExtra($"Vol {n} cloned from {orig.Name}\n");
        }, clone.Vol, newName, clone.Pool, clonePrint);
    }

    private static void RegisterChanges(CommandSet set)
    {
        var delete = VolArgs.Create();
        set.Add("vol-delete", "delete a vol", async ctx =>
        {
            var v = await delete.FindAsync(ctx);
            await CliError.Wrap($"Failed to delete vol {v.Name}", () => v.DeleteAsync(ctx.Ct));
            ctx.PrintExtra($"Vol {v.Name} deleted\n");
        }, delete.Vol, delete.Pool);

        var wipe = VolArgs.Create();
        var algorithm = Opt.Text("--algorithm", "perform selected wiping algorithm");
        set.Add("vol-wipe", "wipe a vol", async ctx =>
        {
            var v = await wipe.FindAsync(ctx);
            var algo = Algorithm(ctx.Get(algorithm));
            await CliError.Wrap($"Failed to wipe vol {v.Name}", () => v.WipeAsync(algo, ctx.Ct));
            ctx.PrintExtra($"Vol {v.Name} wiped\n");
        }, wipe.Vol, wipe.Pool, algorithm);

        var resize = VolArgs.Create();
        var capacity = new NamedArg("capacity", "new capacity for the vol, as scaled integer (default bytes)");
        var allocate = Opt.Flag("--allocate", "allocate the new capacity, rather than leaving it sparse");
        var delta = Opt.Flag("--delta", "use capacity as a delta to current size, rather than the new size");
        var shrink = Opt.Flag("--shrink", "allow the resize to shrink the volume");
        set.Add("vol-resize", "resize a vol", async ctx =>
        {
            var v = await resize.FindAsync(ctx);
            var text = ctx.Required(capacity).TrimStart();
            if (text.StartsWith('-'))
            {
                if (!ctx.Has(shrink)) throw new CliError("negative size requires --shrink");
                text = text[1..];
            }
            var size = Size(text);
            var flags = (ctx.Has(allocate) ? StorageVolResizeFlags.Allocate : 0) | (ctx.Has(delta) ? StorageVolResizeFlags.Delta : 0)
                | (ctx.Has(shrink) ? StorageVolResizeFlags.Shrink : 0);
            var how = ctx.Has(delta) ? "by" : "to";
            await CliError.Wrap($"Failed to change size of volume '{v.Name}' {how} {text}", () => v.ResizeAsync(size, flags, ctx.Ct));
            ctx.PrintExtra($"Size of volume '{v.Name}' successfully changed {how} {text}\n");
        }, resize.Vol, capacity, resize.Pool, allocate, delta, shrink);
    }

    private static ulong Size(string text)
    {
        var (value, error) = StorageXmlText.ParseSize(text);
        return error is null ? value : throw new CliError(error);
    }

    /// <summary>virsh's --algorithm names (virStorageVolWipeAlgorithm's).</summary>
    private static StorageVolWipeAlgorithm Algorithm(string? name) => name switch
    {
        null or "zero" => StorageVolWipeAlgorithm.Zero,
        "nnsa" => StorageVolWipeAlgorithm.Nnsa,
        "dod" => StorageVolWipeAlgorithm.Dod,
        "bsi" => StorageVolWipeAlgorithm.Bsi,
        "gutmann" => StorageVolWipeAlgorithm.Gutmann,
        "schneier" => StorageVolWipeAlgorithm.Schneier,
        "pfitzner7" => StorageVolWipeAlgorithm.Pfitzner7,
        "pfitzner33" => StorageVolWipeAlgorithm.Pfitzner33,
        "random" => StorageVolWipeAlgorithm.Random,
        "trim" => StorageVolWipeAlgorithm.Trim,
        _ => throw new CliError($"Unsupported algorithm '{name}'"),
    };
}
