using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>
/// The daemon's start-up probe of its default emulator: a probe that fails for a passing reason is tried
/// again (a loaded CI host once left a test daemon without guest types, so virt-install refused the host),
/// a binary that is missing is not, and a later successful probe repairs a start-up probe that failed for
/// good. The probe is a stand-in that fails a set number of times, then returns the captured fixture.
/// </summary>
public sealed class DefaultEmulatorProbeTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vireo-defaultprobe-").FullName;
    private int probes;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Binary()
    {
        var path = Path.Combine(dir, "qemu-system-x86_64");
        File.WriteAllText(path, "stand-in binary");
        return path;
    }

    private QemuCapsCache.ProbeDocument FailingFirst(int failures) => (path, _) =>
        ++probes <= failures
            ? throw new IOException($"Probing the emulator {path} failed: no answer (probe {probes}).")
            : Task.FromResult(CapsFixture.DocumentFor(path));

    [Fact]
    public async Task A_probe_that_fails_twice_is_tried_again_and_the_third_attempt_is_kept()
    {
        var binary = Binary();
        var emulators = new QemuEmulators(new QemuCapsCache(probe: FailingFirst(2)), binary);
        var retries = new List<(int Attempt, string Problem)>();

        await emulators.LoadDefaultAsync(TestContext.Current.CancellationToken, (a, p) => retries.Add((a, p)));

        Assert.NotNull(emulators.Default);
        Assert.Null(emulators.DefaultProblem);
        Assert.Equal(3, probes);
        Assert.Equal([1, 2], retries.Select(r => r.Attempt));
        Assert.Contains("no answer (probe 1)", retries[0].Problem);
    }

    [Fact]
    public async Task Every_attempt_failing_leaves_the_last_failure_as_the_reason()
    {
        var binary = Binary();
        var emulators = new QemuEmulators(new QemuCapsCache(probe: FailingFirst(int.MaxValue)), binary);

        await emulators.LoadDefaultAsync(TestContext.Current.CancellationToken);

        Assert.Null(emulators.Default);
        Assert.Equal(QemuEmulators.StartupAttempts, probes);
        Assert.Contains($"probe {QemuEmulators.StartupAttempts}", emulators.DefaultProblem);
        var e = Assert.Throws<VirException>(() => emulators.RequireDefault());
        Assert.Equal(VirErrorCode.InternalError, e.Code);
    }

    [Fact]
    public async Task A_missing_binary_is_not_probed_again()
    {
        var missing = Path.Combine(dir, "no-such-qemu");
        var emulators = new QemuEmulators(new QemuCapsCache(probe: FailingFirst(0)), missing);
        var retries = 0;

        await emulators.LoadDefaultAsync(TestContext.Current.CancellationToken, (_, _) => retries++);

        Assert.Equal(0, retries);
        Assert.Equal(0, probes);
        Assert.Equal($"Cannot find QEMU binary {missing}: No such file or directory", emulators.DefaultProblem);
    }

    [Fact]
    public async Task A_later_successful_probe_of_the_default_emulator_repairs_a_failed_start()
    {
        var binary = Binary();
        var emulators = new QemuEmulators(new QemuCapsCache(probe: FailingFirst(QemuEmulators.StartupAttempts)), binary);
        await emulators.LoadDefaultAsync(TestContext.Current.CancellationToken);
        Assert.Null(emulators.Default);

        var caps = await emulators.GetAsync(null, TestContext.Current.CancellationToken);

        Assert.Same(caps, emulators.Default);
        Assert.Null(emulators.DefaultProblem);
    }
}
