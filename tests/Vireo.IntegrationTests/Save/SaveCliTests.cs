using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// vireo save, restore, managedsave, managedsave-remove, save-image-dumpxml and save-image-define against
/// vireod with a real TCG guest, each printing what Debian's virsh prints for the same step (virsh's output
/// is taken live from the same daemon, on a copy of the image where the command changes it). Also the
/// ABI-compatible XML changes: a new description through save-image-define and through restore --xml.
/// </summary>
public sealed class SaveCliTests
{
    [Fact]
    public async Task Vireo_save_commands_print_as_virsh_and_accept_a_changed_description()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("clisav");
        await using (var console = await served.ReadyConsoleAsync(name))
            await console.RunAsync("echo cli-kept-1 > /tmp/marker");

        var image = Path.Combine(served.RootPath, "cli.save");
        Assert.Equal($"\nDomain '{name}' saved to {image}\n\n", await served.VireoOkAsync("save", name, image));
        Assert.Equal("shut off (saved)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());

        var (virshXml, vireoXml) = await served.BothOkAsync("save-image-dumpxml", image);
        Assert.Equal(virshXml, vireoXml);
        Assert.Contains($"<name>{name}</name>", vireoXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<description>", vireoXml, StringComparison.Ordinal);

        // save-image-define: virsh on a copy, vireo on the image; same words, both images now carry the description.
        var described = served.WriteFile("described.xml", vireoXml.Replace($"<name>{name}</name>", $"<name>{name}</name>\n  <description>saved by the cli test</description>", StringComparison.Ordinal));
        var copy = Path.Combine(served.RootPath, "copy.save");
        File.Copy(image, copy);
        var virshDefine = await served.VirshOkAsync("save-image-define", copy, described);
        Assert.Equal(virshDefine.Replace(copy, image, StringComparison.Ordinal), await served.VireoOkAsync("save-image-define", image, described));
        Assert.Equal($"State file {image} updated.\n\n", await served.VireoOkAsync("save-image-define", image, described));
        foreach (var path in new[] { image, copy })
        {
            var (v, o) = await served.BothOkAsync("save-image-dumpxml", path);
            Assert.Equal(v, o);
            Assert.Contains("<description>saved by the cli test</description>", o, StringComparison.Ordinal);
        }

        // restore --xml with another description: accepted, and it is the running definition.
        var restoredXml = served.WriteFile("restored.xml", File.ReadAllText(described).Replace("saved by the cli test", "restored by the cli test", StringComparison.Ordinal));
        Assert.Equal((await served.VirshFailsAsync("restore", "/nonexistent-vireo-dir/x.save")).Trim(),
            (await served.VireoAsync("restore", "/nonexistent-vireo-dir/x.save")).Stderr.Trim());
        Assert.Equal($"Domain restored from {image}\n\n", await served.VireoOkAsync("restore", image, "--xml", restoredXml));
        Assert.Equal("running (restored)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Contains("<description>restored by the cli test</description>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);
        await using (var console = await served.ConsoleAsync(name))
            Assert.Equal("cli-kept-1\n", await console.RunAsync("cat /tmp/marker"));

        // managedsave and managedsave-remove: virsh's words taken from virsh on the same guest first.
        var virshManaged = await served.VirshOkAsync("managedsave", name);
        var virshRemoved = await served.VirshOkAsync("managedsave-remove", name);
        var virshSkipped = await served.VirshOkAsync("managedsave-remove", name);
        await served.VirshOkAsync("start", name); // boots afresh: the image is gone

        Assert.Equal(virshManaged, await served.VireoOkAsync("managedsave", name));
        Assert.Equal("shut off (saved)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        var (virshManagedXml, vireoManagedXml) = await served.BothOkAsync("managedsave-dumpxml", name);
        Assert.Equal(virshManagedXml, vireoManagedXml);
        Assert.Equal(virshRemoved, await served.VireoOkAsync("managedsave-remove", name));
        Assert.Equal($"Removed managedsave image for domain '{name}'\n", virshRemoved);
        Assert.Contains("Managed save:   no", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        Assert.Equal(virshSkipped, await served.VireoOkAsync("managedsave-remove", name));
        Assert.Contains("removal skipped", virshSkipped, StringComparison.Ordinal);
        await served.VirshOkAsync("undefine", name);
    }
}
