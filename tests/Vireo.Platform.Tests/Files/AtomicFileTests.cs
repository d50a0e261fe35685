using Vireo.Platform.Files;

namespace Vireo.Platform.Tests.Files;

public class AtomicFileTests
{
    [Fact]
    public async Task ReplacesContentAndLeavesNoTempFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        string path = dir["status.xml"];
        await AtomicFile.WriteAllTextAsync(path, "<old/>", ct);
        await AtomicFile.WriteAllTextAsync(path, "<new/>", ct);
        Assert.Equal("<new/>", File.ReadAllText(path));
        Assert.Equal(["status.xml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(WriteDurability.Durable)]
    [InlineData(WriteDurability.CrashAtomic)]
    public async Task BothDurabilitiesCreateAndReplaceWithOwnerOnlyModeAndNoTempFiles(WriteDurability durability)
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        string path = dir["web1.xml"];
        await AtomicFile.WriteAllTextAsync(path, "<domain>first</domain>", durability, ct);
        Assert.Equal("<domain>first</domain>", File.ReadAllText(path));
        await AtomicFile.WriteAllTextAsync(path, "<domain/>", durability, ct); // shorter: nothing of the old left
        Assert.Equal("<domain/>", File.ReadAllText(path));
#pragma warning disable CA1416 // Vireo runs on Linux only
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
#pragma warning restore CA1416
        Assert.Equal(["web1.xml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AFailedWriteKeepsTheOldContent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        string path = dir["status.xml"];
        await AtomicFile.WriteAllTextAsync(path, "<old/>", ct);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAllTextAsync(path, "<new/>", cts.Token));
        Assert.Equal("<old/>", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void LayoutPathsAreUnderTheirRoots()
    {
        var layout = DirectoryLayout.Under("/tmp/x");
        Assert.Equal("/tmp/x/run/qemu/web1/monitor.sock", layout.MonitorSocket("qemu", "web1"));
        Assert.Equal("/tmp/x/log/qemu/web1.serial0.log", layout.ConsoleLog("qemu", "web1"));
        Assert.Equal("/tmp/x/lib/qemu/domains/web1/status.xml", layout.StatusFile("qemu", "web1"));
    }
}
