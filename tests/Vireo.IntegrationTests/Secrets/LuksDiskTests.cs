using System.Text;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Secrets;

/// <summary>
/// A real TCG guest from the demo kit with a LUKS data disk whose passphrase is a private secret of vireod's
/// secret driver: QEMU gets the passphrase only encrypted with a per-start master key (never in its argv), the
/// guest writes through the disk, and the image on the host holds ciphertext (qemu-img says encrypted). A
/// secret without a value refuses the start with libvirt's sentence and leaves the domain shut off.
/// </summary>
public sealed class LuksDiskTests
{
    private const string Passphrase = "correct horse battery";

    private static string WithLuksDisk(string xml, string image, Guid secret) => xml.Replace("</devices>",
        $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{image}'/><target dev='vdb' bus='virtio'/>" +
        $"<encryption format='luks'><secret type='passphrase' uuid='{secret}'/></encryption></disk></devices>", StringComparison.Ordinal);

    private static async Task<string> LuksImageAsync(ServedEngine e, string file)
    {
        var path = Path.Combine(e.RootPath, file);
        // Debian's QEMU 7.2 sometimes fails its PBKDF benchmark ("Unable to get accurate CPU usage"); the storage driver
        // retries that one failure (QemuImgRunner.CreateEncryptedAsync), and so does this test's own image.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ProcessRunner.OkAsync("qemu-img", "create", "--object", $"secret,id=sec0,data={Passphrase}", "-f", "luks", "-o", "key-secret=sec0", path, "16M");
                return path;
            }
            catch (Exception ex) when (attempt < 3 && ex.Message.Contains("Unable to get accurate CPU usage", StringComparison.Ordinal)) { }
        }
    }

    /// <summary>A secret for the image's volume usage holding the passphrase, defined and set through virsh.</summary>
    private static async Task<Guid> VolumeSecretAsync(ServedEngine e, string image, string attributes)
    {
        var uuid = Guid.NewGuid();
        await e.VirshOkAsync("secret-define", e.WriteFile("s.xml", $"<secret {attributes}><uuid>{uuid}</uuid><usage type='volume'><volume>{image}</volume></usage></secret>"));
        await e.VirshOkAsync("secret-set-value", uuid.ToString(), Convert.ToBase64String(Encoding.UTF8.GetBytes(Passphrase)));
        return uuid;
    }

    [Fact]
    public async Task A_guest_boots_with_a_luks_disk_opened_by_a_private_secret_and_writes_ciphertext_to_the_host()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var image = await LuksImageAsync(e, "data.luks");
        var uuid = await VolumeSecretAsync(e, image, "private='yes'");

        var name = await e.StartGuestAsync("luks", x => WithLuksDisk(x, image, uuid));
        var argv = string.Join(' ', e.QemuArgv(name));
        Assert.DoesNotContain(Passphrase, argv);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Passphrase)), argv);
        Assert.Contains("secret,id=masterKey0,format=raw,file=", argv);
        Assert.Contains("driver=luks,key-secret=libvirt-1-format-encryption-secret0,file=libvirt-1-storage", argv);
        Assert.Contains("<encryption format='luks' engine='qemu'>", await e.VirshOkAsync("dumpxml", name));

        await using var c = await e.ReadyConsoleAsync(name);
        Assert.Contains("1+0 records out", await c.RunAsync("echo luks-marker-$((40+2)) | dd of=/dev/vda bs=512 count=1 conv=sync,fsync 2>&1"));
        Assert.Contains("luks-marker-42", await c.RunAsync("dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 14; echo"));
        await e.VirshOkAsync("destroy", name);

        Assert.Contains("encrypted: yes", await ProcessRunner.OkAsync("qemu-img", "info", image));
        Assert.DoesNotContain("luks-marker-42", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_start_whose_secret_has_no_value_or_does_not_exist_fails_and_the_domain_stays_shut_off()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var image = await LuksImageAsync(e, "novalue.luks");
        var uuid = Guid.NewGuid();
        await e.VirshOkAsync("secret-define", e.WriteFile("s.xml", $"<secret><uuid>{uuid}</uuid></secret>"));
        var name = await e.DefineGuestAsync("nokey", x => WithLuksDisk(x, image, uuid));

        var refused = await e.VirshFailsAsync("start", name);
        Assert.Equal($"error: Failed to start domain '{name}'\nerror: Secret not found: secret '{uuid}' does not have a value", refused.Trim());
        Assert.Equal("shut off\n\n", await e.VirshOkAsync("domstate", name));

        await e.VirshOkAsync("secret-undefine", uuid.ToString());
        refused = await e.VirshFailsAsync("start", name);
        Assert.Equal($"error: Failed to start domain '{name}'\nerror: Secret not found: no secret with matching uuid '{uuid}'", refused.Trim());
        Assert.Equal("shut off\n\n", await e.VirshOkAsync("domstate", name));
        Assert.Equal(DomainState.Shutoff, e.Driver.Domains.Info(e.Driver.Domains.LookupByName(name).Uuid).State);
    }
    /// <summary>libvirt's newer form: the encryption inside &lt;source&gt;, the secret named by its volume usage.</summary>
    private static string WithLuksSourceByUsage(string xml, string image, string usage) => xml.Replace("</devices>",
        $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{image}'><encryption format='luks'>" +
        $"<secret type='passphrase' usage='{usage}'/></encryption></source><target dev='vdb' bus='virtio'/></disk></devices>", StringComparison.Ordinal);

    [Fact]
    public async Task A_secret_named_by_usage_inside_source_opens_the_disk_and_the_xml_keeps_both_as_libvirtd_does()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var image = await LuksImageAsync(e, "usage.luks");
        var uuid = await VolumeSecretAsync(e, image, "");

        var name = await e.StartGuestAsync("luksu", x => WithLuksSourceByUsage(x, image, image));
        // libvirtd 9.0's inactive XML for the same disk (its live XML adds index='1' to <source>).
        var expected = $"<source file='{image}'>\n        <encryption format='luks' engine='qemu'>\n" +
            $"          <secret type='passphrase' usage='{image}'/>\n        </encryption>\n      </source>";
        Assert.Contains(expected, await e.VirshOkAsync("dumpxml", "--inactive", name));
        Assert.Contains($"<secret type='passphrase' usage='{image}'/>", await e.VirshOkAsync("dumpxml", name));
        await using (var c = await e.ReadyConsoleAsync(name))
            Assert.Contains("1+0 records out", await c.RunAsync("echo usage-marker | dd of=/dev/vda bs=512 count=1 conv=sync,fsync 2>&1"));
        await e.VirshOkAsync("destroy", name);
        Assert.DoesNotContain("usage-marker", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken)));

        // libvirtd 9.0's refusals: no such usage at start; uuid and usage together, or neither, at define.
        var orphan = await e.DefineGuestAsync("luksn", x => WithLuksSourceByUsage(x, image, "/nope"));
        Assert.Equal($"error: Failed to start domain '{orphan}'\nerror: Secret not found: no secret with matching usage '/nope'",
            (await e.VirshFailsAsync("start", orphan)).Trim());
        Assert.Equal("shut off\n\n", await e.VirshOkAsync("domstate", orphan));
        foreach (var (secret, error) in new[]
                 {
                     ($"usage='{image}' uuid='{uuid}'", "error: XML error: either secret uuid or usage expected"),
                     ("", "error: XML error: missing secret uuid or usage attribute"),
                 })
        {
            var xml = e.WriteFile("bad.xml", DemoKit.DomainXml(DemoKit.UniqueName("bad"), x => WithLuksSourceByUsage(x, image, "X"))
                .Replace("usage='X'", secret, StringComparison.Ordinal));
            Assert.EndsWith(error, (await e.VirshFailsAsync("define", xml)).Trim());
        }
    }
}
