using System.Text;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// vol-create of LUKS volumes through vireod with stock virsh, as libvirt 9.0's dir pool does it: a LUKS image for
/// format raw, LUKS inside a qcow2 for format qcow2, the passphrase taken from a secret of vireod's secret driver
/// (compared with a real libvirtd 9.0 by hand: the XML before and after a refresh, the error sentences). A real
/// TCG guest then boots from the qcow2 one, writes a marker and reads it back after destroy and start.
/// </summary>
public sealed class EncryptedVolumeTests
{
    private const string Passphrase = "volume passphrase 7";

    private static string VolumeXml(string name, string format, string encryption) =>
        $"<volume><name>{name}</name><capacity unit='M'>16</capacity><target><format type='{format}'/>{encryption}</target></volume>";

    private static string Luks(Guid secret) => $"<encryption format='luks'><secret type='passphrase' uuid='{secret}'/></encryption>";

    private static async Task<(string Pool, string Dir, Guid Secret)> PoolAndSecretAsync(ServedEngine e, bool withValue = true)
    {
        var dir = Path.Combine(e.RootPath, "encpool");
        await e.VirshOkAsync("pool-create-as", "encpool", "dir", "--target", dir, "--build");
        var uuid = Guid.NewGuid();
        await e.VirshOkAsync("secret-define", e.WriteFile("s.xml", $"<secret private='yes'><uuid>{uuid}</uuid><usage type='volume'><volume>{dir}/v</volume></usage></secret>"));
        if (withValue) await e.VirshOkAsync("secret-set-value", uuid.ToString(), Convert.ToBase64String(Encoding.UTF8.GetBytes(Passphrase)));
        return ("encpool", dir, uuid);
    }

    [Fact]
    public async Task Raw_and_qcow2_luks_volumes_are_created_encrypted_and_show_their_encryption_as_libvirt_does()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var (pool, dir, uuid) = await PoolAndSecretAsync(e);

        Assert.Contains("Vol a.raw created", await e.VirshOkAsync("vol-create", pool, e.WriteFile("r.xml", VolumeXml("a.raw", "raw", Luks(uuid)))));
        Assert.Contains("Vol a.qcow2 created", await e.VirshOkAsync("vol-create", pool, e.WriteFile("q.xml", VolumeXml("a.qcow2", "qcow2", Luks(uuid)))));
        // Only the two images: the passphrase file qemu-img read is gone.
        Assert.Equal(["a.qcow2", "a.raw"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var raw = await ProcessRunner.OkAsync("qemu-img", "info", Path.Combine(dir, "a.raw"));
        Assert.Contains("file format: luks", raw);
        Assert.Contains("encrypted: yes", raw);
        var qcow2 = await ProcessRunner.OkAsync("qemu-img", "info", Path.Combine(dir, "a.qcow2"));
        Assert.Contains("file format: qcow2", qcow2);
        Assert.Contains("encrypted: yes", qcow2);
        Assert.Contains("format: luks", qcow2);
        // The passphrase opens them (qemu-img with the same secret succeeds).
        await ProcessRunner.OkAsync("qemu-img", "info", "--object", $"secret,id=k,data={Passphrase}", "--image-opts",
            $"driver=luks,key-secret=k,file.filename={dir}/a.raw");

        var created = $"    <encryption format='luks'>\n      <secret type='passphrase' uuid='{uuid}'/>\n    </encryption>\n";
        var rawXml = await e.VirshOkAsync("vol-dumpxml", "--pool", pool, "a.raw");
        Assert.Contains(created, rawXml);
        Assert.Contains("<format type='raw'/>", rawXml);
        Assert.Contains("<capacity unit='bytes'>16777216</capacity>", rawXml); // the LUKS payload, not the file
        var qcowXml = await e.VirshOkAsync("vol-dumpxml", "--pool", pool, "a.qcow2");
        Assert.Contains(created + "    <clusterSize unit='B'>65536</clusterSize>\n", qcowXml.Replace("    <compat>1.1</compat>\n", "", StringComparison.Ordinal));
        Assert.Contains("Capacity:       16.00 MiB", await e.VirshOkAsync("vol-info", "--pool", pool, "a.raw"));
        Assert.Contains("Capacity:       16.00 MiB", await e.VirshOkAsync("vol-info", "--pool", pool, "a.qcow2"));
        var list = await e.VirshOkAsync("vol-list", pool);
        Assert.Contains("a.raw", list);
        Assert.Contains("a.qcow2", list);

        // After a refresh libvirt knows only what the header says: LUKS, no secret.
        await e.VirshOkAsync("pool-refresh", pool);
        Assert.Contains("    <encryption format='luks'>\n    </encryption>\n", await e.VirshOkAsync("vol-dumpxml", "--pool", pool, "a.raw"));
        Assert.Contains("    <encryption format='luks'>\n    </encryption>\n", await e.VirshOkAsync("vol-dumpxml", "--pool", pool, "a.qcow2"));

        // A clone of an encrypted volume: libvirt's refusal, nothing made.
        var clone = await e.VirshFailsAsync("vol-clone", "--pool", pool, "a.qcow2", "c.qcow2");
        Assert.Contains("error: invalid argument: A single <secret type='passphrase'...> element is expected in encryption description", clone);
        Assert.False(File.Exists(Path.Combine(dir, "c.qcow2")));
    }

    [Fact]
    public async Task A_missing_secret_a_secret_without_value_and_qcow_encryption_are_refused_with_libvirts_sentences_and_leave_no_file()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var (pool, dir, uuid) = await PoolAndSecretAsync(e, withValue: false);

        var missing = Guid.NewGuid();
        var refused = await e.VirshFailsAsync("vol-create", pool, e.WriteFile("m.xml", VolumeXml("m.raw", "raw", Luks(missing))));
        Assert.Contains($"error: Secret not found: no secret with matching uuid '{missing}'", refused);
        refused = await e.VirshFailsAsync("vol-create", pool, e.WriteFile("n.xml", VolumeXml("n.raw", "raw", Luks(uuid))));
        Assert.Contains($"error: Secret not found: secret '{uuid}' does not have a value", refused);
        refused = await e.VirshFailsAsync("vol-create", pool, e.WriteFile("u.xml", VolumeXml("u.raw", "raw",
            "<encryption format='luks'><secret type='passphrase' usage='/nowhere'/></encryption>")));
        Assert.Contains("error: Secret not found: no secret with matching usage '/nowhere'", refused);

        await e.VirshOkAsync("secret-set-value", uuid.ToString(), Convert.ToBase64String(Encoding.UTF8.GetBytes(Passphrase)));
        refused = await e.VirshFailsAsync("vol-create", pool, e.WriteFile("d.xml", VolumeXml("d.qcow2", "qcow2",
            $"<encryption format='qcow'><secret type='passphrase' uuid='{uuid}'/></encryption>")));
        Assert.Contains("error: unsupported configuration: creation of qcow2 encrypted image is not supported", refused);
        refused = await e.VirshFailsAsync("vol-create", pool, e.WriteFile("e.xml", VolumeXml("e.raw", "raw", "<encryption format='luks'/>")));
        Assert.Contains("error: invalid argument: A single <secret type='passphrase'...> element is expected in encryption description", refused);

        Assert.Empty(Directory.GetFileSystemEntries(dir));
        var list = await e.VirshOkAsync("vol-list", pool);
        Assert.DoesNotContain(".raw", list);
        Assert.DoesNotContain(".qcow2", list);
    }

    [Fact]
    public async Task A_guest_boots_with_a_qcow2_luks_volume_and_reads_its_marker_back_after_a_restart()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var (pool, dir, uuid) = await PoolAndSecretAsync(e);
        await e.VirshOkAsync("vol-create", pool, e.WriteFile("q.xml", VolumeXml("disk.qcow2", "qcow2", Luks(uuid))));
        var image = (await e.VirshOkAsync("vol-path", "--pool", pool, "disk.qcow2")).Trim();
        Assert.Equal(Path.Combine(dir, "disk.qcow2"), image);

        var name = await e.StartGuestAsync("encvol", x => x.Replace("</devices>",
            $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vdb' bus='virtio'/>" +
            $"{Luks(uuid)}</disk></devices>", StringComparison.Ordinal));
        await using (var c = await e.ReadyConsoleAsync(name))
            Assert.Contains("1+0 records out", await c.RunAsync("echo encvol-marker-$((40+2)) | dd of=/dev/vda bs=512 count=1 conv=sync,fsync 2>&1"));
        await e.VirshOkAsync("destroy", name);
        Assert.DoesNotContain("encvol-marker-42", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken)));

        await e.VirshOkAsync("start", name);
        await using (var c = await e.ReadyConsoleAsync(name))
            Assert.Contains("encvol-marker-42", await c.RunAsync("dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 16; echo"));
        await e.VirshOkAsync("destroy", name);
    }
}
