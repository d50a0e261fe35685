using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>Writing and reading markers on the guest's virtio disks from its own shell (busybox dd).</summary>
internal static class GuestDisks
{
    /// <summary>Sectors the tests write to: far apart, so each marker is in its own qcow2 cluster.</summary>
    public const long Before = 2048, After = 4096, Later = 6144;

    /// <summary>Writes the text at the sector of /dev/DEV and flushes it to the disk (conv=fsync).</summary>
    public static async Task WriteAsync(this ConsoleReader console, string dev, long sector, string text)
    {
        var output = await console.RunAsync($"printf '{text}' | dd of=/dev/{dev} bs=512 seek={sector} conv=sync,fsync 2>&1 >/dev/null; echo rc=$?");
        Assert.Contains("rc=0", output);
    }

    /// <summary>What the guest reads at the sector of /dev/DEV (NUL padding removed).</summary>
    public static async Task<string> ReadAsync(this ConsoleReader console, string dev, long sector) =>
        (await console.RunAsync($"dd if=/dev/{dev} bs=512 skip={sector} count=1 2>/dev/null | tr -d '\\000'; echo")).Trim();
}
