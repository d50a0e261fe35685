using Vireo.IntegrationTests.Graphics.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Graphics;

/// <summary>
/// virsh screenshot and vireo screenshot: DOMAIN_SCREENSHOT's reply (the MIME type) and the image streamed
/// after it, end to end, written to a file that must be a whole PNG of the VGA text screen (720x400).
/// </summary>
[Collection(GraphicsCollection.Name)]
public sealed class ScreenshotTests
{
    [Fact]
    public async Task TheScreenOfARunningGuestArrivesAsAWholePng()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await rig.StartGuestAsync("shot", GraphicsXml.With(GraphicsXml.Vga));
        await using var console = await rig.ReadyConsoleAsync(name);

        foreach (var tool in new[] { "virsh", "vireo" })
        {
            var file = Path.Combine(rig.RootPath, $"{tool}.png");
            var run = tool == "virsh" ? await rig.VirshAsync("screenshot", name, file) : await rig.VireoAsync("screenshot", name, "--file", file);
            Assert.True(run.ExitCode == 0, $"{tool}: {run}");
            Assert.Equal($"Screenshot saved to {file}, with type of image/png\n", run.Stdout);
            var png = PngImage.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            Assert.Equal((720, 400), (png.Width, png.Height));
        }
        // QEMU's file went away once it was streamed.
        Assert.Empty(Directory.EnumerateFiles(rig.Guest(name).Paths.Directory, "screendump-*"));
    }

    [Fact]
    public async Task NoScreenOrNoRunningGuestIsRefusedAsVirshReportsIt()
    {
        await using var rig = await ServedEngine.StartAsync();
        var headless = await rig.StartGuestAsync("noscreen");
        var stopped = await rig.DefineGuestAsync("shotoff", GraphicsXml.With(GraphicsXml.Vga));
        (string Name, string Error)[] cases =
        [
            (headless, $"error: could not take a screenshot of {headless}\nerror: Requested operation is not valid: no screens to take screenshot from"),
            (stopped, $"error: could not take a screenshot of {stopped}\nerror: Requested operation is not valid: domain is not running"),
        ];
        foreach (var (name, error) in cases)
        {
            var file = Path.Combine(rig.RootPath, name + ".png");
            var virsh = await rig.VirshAsync("screenshot", name, file);
            var vireo = await rig.VireoAsync("screenshot", name, file);
            Assert.Equal(error, virsh.Stderr.Trim());
            Assert.Equal((1, virsh.Stderr), (vireo.ExitCode, vireo.Stderr));
            Assert.False(File.Exists(file));
        }
    }
}
