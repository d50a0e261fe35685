using Vireo.Core.Networks;
using Vireo.Core.Storage;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Tests.Persistence;

/// <summary>
/// The network and pool stores' files on a real temp directory, as libvirt lays them out and as existing
/// state directories hold them: NAME.xml definitions, autostart symlinks to ../NAME.xml, active marks in the
/// run directory; a damaged or misnamed file is reported with the store's own sentence and the rest still load.
/// </summary>
public sealed class DefinitionFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-deffiles-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static NetworkDef Network(string name) =>
        NetworkXml.Parse($"<network><name>{name}</name><uuid>6f1e6c4e-3c55-4a0e-9d7a-0c4b8e2f{name.Length:0000}</uuid><bridge name='vb-{name}'/></network>", stableUuid: true);

    [Fact]
    public async Task A_network_is_written_where_libvirt_keeps_it_and_its_autostart_mark_is_a_relative_symlink()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new NetworkStore(Path.Combine(_root, "config", "networks"), Path.Combine(_root, "run", "networks"));
        store.EnsureDirectories();
        var def = Network("lan");

        await store.SaveConfigAsync(def, ct);
        await store.SaveActiveAsync(def, ct);
        store.SetAutostart("lan", true);
        store.SetAutostart("lan", true); // a second mark is no error and changes nothing

        Assert.Equal(NetworkXml.Format(def), File.ReadAllText(Path.Combine(_root, "config", "networks", "lan.xml")));
        Assert.Equal(NetworkXml.Format(def), File.ReadAllText(Path.Combine(_root, "run", "networks", "lan.xml")));
        Assert.Equal(Path.Combine("..", "lan.xml"), new FileInfo(Path.Combine(_root, "config", "networks", "autostart", "lan.xml")).LinkTarget);
        Assert.True(store.IsAutostart("lan"));
        var errors = new List<string>();
        Assert.Equal([def], store.LoadConfigs(errors));
        Assert.Equal([def], store.LoadActive(errors));
        Assert.Empty(errors);

        store.RemoveActive("lan");
        store.RemoveConfig("lan");
        Assert.False(store.IsAutostart("lan"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "config", "networks"), "*.xml", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "run", "networks")));
    }

    [Fact]
    public async Task A_pool_lives_under_storage_in_the_state_and_run_directories()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new StoragePoolStore(Path.Combine(_root, "lib"), Path.Combine(_root, "run"));
        store.EnsureDirectories();
        var def = StoragePoolXml.Parse($"<pool type='dir'><name>images</name><target><path>{_root}/images</path></target></pool>");

        await store.SaveConfigAsync(def, ct);
        await store.SaveActiveAsync(def, ct);
        store.SetAutostart("images", true);

        var written = StoragePoolXml.Format(def, default, null);
        Assert.Equal(written, File.ReadAllText(Path.Combine(_root, "lib", "storage", "images.xml")));
        Assert.Equal(written, File.ReadAllText(Path.Combine(_root, "run", "storage", "images.xml")));
        Assert.Equal(Path.Combine("..", "images.xml"), new FileInfo(Path.Combine(_root, "lib", "storage", "autostart", "images.xml")).LinkTarget);
        var errors = new List<string>();
        Assert.Equal(["images"], store.LoadConfigs(errors).Select(p => p.Name));
        Assert.Empty(errors);
    }

    [Fact]
    public void A_misnamed_or_damaged_file_is_reported_in_the_stores_own_words_and_the_others_still_load()
    {
        var networks = new NetworkStore(Path.Combine(_root, "networks"), Path.Combine(_root, "run-networks"));
        networks.EnsureDirectories();
        File.WriteAllText(networks.ConfigPath("a"), "<network><name>b</name><bridge name='vb-b'/></network>");
        File.WriteAllText(networks.ConfigPath("c"), "<network><name>c</name><bridge name='vb-c'/></network>");
        File.WriteAllText(networks.ConfigPath("d"), "<network><name>d</nam");
        var errors = new List<string>();

        Assert.Equal(["c"], networks.LoadConfigs(errors).Select(n => n.Name));
        Assert.Equal(2, errors.Count);
        Assert.Equal($"{networks.ConfigPath("a")}: it defines network 'b', not the one its file name says", errors[0]);
        Assert.StartsWith($"{networks.ConfigPath("d")}: ", errors[1]);

        var pools = new StoragePoolStore(Path.Combine(_root, "lib"), Path.Combine(_root, "run"));
        pools.EnsureDirectories();
        File.WriteAllText(pools.StatusPath("x"), $"<pool type='dir'><name>y</name><target><path>{_root}/y</path></target></pool>");
        errors.Clear();

        Assert.Empty(pools.LoadActive(errors));
        Assert.Equal([$"{pools.StatusPath("x")}: it defines pool 'y', not the one its file name says"], errors);
    }
}
