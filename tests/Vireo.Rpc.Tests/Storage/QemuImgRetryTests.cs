using Vireo.Core.Errors;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Tests.Storage;

/// <summary>
/// The retry of QEMU 7.2's spurious PBKDF benchmark failure in encrypted volume creation, with a stand-in
/// shell script for qemu-img that fails the chosen number of times (the glitch itself cannot be caused at will).
/// </summary>
public sealed class QemuImgRetryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-qemuimg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A program that prints <paramref name="error"/> and fails its first <paramref name="failures"/> runs, counting runs in a file.</summary>
    private string StandIn(int failures, string error)
    {
        var script = Path.Combine(_dir, "qemu-img");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            n=$(cat {{_dir}}/runs 2>/dev/null || echo 0); n=$((n + 1)); echo $n > {{_dir}}/runs
            [ $n -le {{failures}} ] && { echo "qemu-img: /pool/a.img: {{error}}" >&2; exit 1; }
            exit 0
            """);
#pragma warning disable CA1416 // Vireo runs on Linux only
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
#pragma warning restore CA1416
        return script;
    }

    private int Runs => int.Parse(File.ReadAllText(Path.Combine(_dir, "runs")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_benchmark_glitch_is_run_again_and_the_second_run_succeeds()
    {
        await QemuImgRunner.RunRetryingPbkdfGlitchAsync(StandIn(1, QemuImgRunner.PbkdfBenchmarkGlitch), ["create"], "cannot create volume 'a.img'", TestContext.Current.CancellationToken);
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task A_glitch_that_keeps_coming_fails_after_three_runs_with_qemu_imgs_words()
    {
        var e = await Assert.ThrowsAsync<VirException>(() => QemuImgRunner.RunRetryingPbkdfGlitchAsync(
            StandIn(5, QemuImgRunner.PbkdfBenchmarkGlitch), ["create"], "cannot create volume 'a.img'", TestContext.Current.CancellationToken));
        Assert.Equal(3, Runs);
        Assert.Equal("cannot create volume 'a.img': qemu-img said: qemu-img: /pool/a.img: Unable to get accurate CPU usage", e.Detail);
    }

    [Fact]
    public async Task Any_other_failure_is_reported_at_once()
    {
        var e = await Assert.ThrowsAsync<VirException>(() => QemuImgRunner.RunRetryingPbkdfGlitchAsync(
            StandIn(5, "No space left on device"), ["create"], "cannot create volume 'a.img'", TestContext.Current.CancellationToken));
        Assert.Equal(1, Runs);
        Assert.Equal(VirErrorCode.OperationFailed, e.Code);
    }
}
