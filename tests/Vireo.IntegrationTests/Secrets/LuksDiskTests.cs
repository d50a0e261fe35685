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
        await ProcessRunner.OkAsync("qemu-img", "create", "--object", $"secret,id=sec0,data={Passphrase}", "-f", "luks", "-o", "key-secret=sec0", path, "16M");
        return path;
    }

    [Fact]
    public async Task A_guest_boots_with_a_luks_disk_opened_by_a_private_secret_and_writes_ciphertext_to_the_host()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var image = await LuksImageAsync(e, "data.luks");
        var uuid = Guid.NewGuid();
        await e.VirshOkAsync("secret-define", e.WriteFile("s.xml", $"<secret private='yes'><uuid>{uuid}</uuid><usage type='volume'><volume>{image}</volume></usage></secret>"));
        await e.VirshOkAsync("secret-set-value", uuid.ToString(), Convert.ToBase64String(Encoding.UTF8.GetBytes(Passphrase)));

        var name = await e.StartGuestAsync("luks", x => WithLuksDisk(x, image, uuid));
        var argv = string.Join(' ', e.QemuArgv(name));
        Assert.DoesNotContain(Passphrase, argv);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Passphrase)), argv);
        Assert.Contains("secret,id=masterKey0,format=raw,file=", argv);
        Assert.Contains("driver=luks,key-secret=libvirt-1-format-encryption-secret0,file=libvirt-1-storage", argv);
        Assert.Contains("<encryption format='luks'>", await e.VirshOkAsync("dumpxml", name));

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
}
