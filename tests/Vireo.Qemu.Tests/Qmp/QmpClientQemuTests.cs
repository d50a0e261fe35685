using Vireo.Platform.Processes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>QmpClient against a real qemu-system-x86_64 (TCG, nothing to boot).</summary>
public class QmpClientQemuTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandshakeStatusContStopWithEvents()
    {
        await using var qemu = await QemuUnderTest.StartAsync(withSerial: false);
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        Assert.Equal(7, qmp.Greeting.Major);
        Assert.Equal(new QmpStatus("prelaunch", false), await qmp.QueryStatusAsync(Ct));

        await qmp.ContAsync(Ct);
        Assert.Equal("RESUME", (await qmp.Events.ReadAsync(Ct)).Name);
        Assert.Equal(new QmpStatus("running", true), await qmp.QueryStatusAsync(Ct));

        await qmp.StopAsync(Ct);
        Assert.Equal("STOP", (await qmp.Events.ReadAsync(Ct)).Name);
        Assert.Equal("paused", (await qmp.QueryStatusAsync(Ct)).Status);

        await qmp.QuitAsync(Ct);
        var shutdown = await qmp.Events.ReadAsync(Ct);
        Assert.Equal(("SHUTDOWN", "host-qmp-quit"), (shutdown.Name, shutdown.GetString("reason")));
        await qmp.Closed.WaitAsync(Ct);
        Assert.Equal(ProcessExit.Exited(0), await qemu.Process.Exited.WaitAsync(Ct));
    }

    [Fact]
    public async Task ConcurrentCommandsFromManyThreads()
    {
        await using var qemu = await QemuUnderTest.StartAsync(["-smp", "2"], withSerial: false);
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        var statuses = Enumerable.Range(0, 30).Select(_ => Task.Run(() => qmp.QueryStatusAsync(Ct), Ct));
        var cpus = Enumerable.Range(0, 30).Select(_ => Task.Run(() => qmp.QueryCpusFastAsync(Ct), Ct));
        var hmp = Enumerable.Range(0, 10).Select(_ => Task.Run(() => qmp.HumanMonitorCommandAsync("info version", Ct), Ct));
        Assert.All(await Task.WhenAll(statuses), s => Assert.Equal("prelaunch", s.Status));
        Assert.All(await Task.WhenAll(cpus), c => Assert.Equal([0, 1], c.Select(x => x.CpuIndex)));
        // Three kinds of replies interleaved: each caller got its own kind (a mix-up would not parse as its type).
        Assert.All(await Task.WhenAll(hmp), v => Assert.StartsWith($"{qmp.Greeting.Major}.{qmp.Greeting.Minor}.", v));
        var tids = (await qmp.QueryCpusFastAsync(Ct)).Select(c => c.ThreadId).ToList();
        Assert.All(tids, t => Assert.Contains(t, ProcPidStat.ThreadIds(qemu.Process.Pid)));
    }

    [Fact]
    public async Task UnknownCommandAndMissingDeviceAreQmpErrors()
    {
        await using var qemu = await QemuUnderTest.StartAsync(withSerial: false);
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        var e = await Assert.ThrowsAsync<QmpException>(() => qmp.ExecuteAsync(new QmpCommand("no-such-command"), Ct));
        Assert.Equal("CommandNotFound", e.ErrorClass);
        var balloon = await Assert.ThrowsAsync<QmpException>(() => qmp.QueryBalloonAsync(Ct));
        Assert.Equal("DeviceNotActive", balloon.ErrorClass);
        Assert.Equal("prelaunch", (await qmp.QueryStatusAsync(Ct)).Status); // the connection is still fine
    }

    [Fact]
    public async Task SigkillFailsThePendingCallAndCompletesClosed()
    {
        await using var qemu = await QemuUnderTest.StartAsync(withSerial: false);
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        // Freeze QEMU so the command below is certainly waiting for its reply when QEMU dies.
        qemu.Process.Signal(Signals.SIGSTOP);
        Task<QmpStatus> pending = qmp.QueryStatusAsync(Ct);
        qemu.Process.Signal(Signals.SIGKILL);

        var e = await Assert.ThrowsAsync<QmpClosedException>(() => pending);
        Assert.Contains("closed", e.Message);
        await qmp.Closed.WaitAsync(Ct);
        Assert.Equal(ProcessExit.Killed(Signals.SIGKILL), await qemu.Process.Exited.WaitAsync(Ct));
        Assert.False(await qmp.Events.WaitToReadAsync(Ct)); // SIGKILL: no SHUTDOWN event, just the end
    }

    [Fact]
    public async Task DescriptorsReachQemuThroughGetfdAndAddFd()
    {
        await using var qemu = await QemuUnderTest.StartAsync(withSerial: false);
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        await qmp.GetFdAsync("vireo-test-fd", devNull, Ct);
        await qmp.CloseFdAsync("vireo-test-fd", Ct);
        var closedTwice = await Assert.ThrowsAsync<QmpException>(() => qmp.CloseFdAsync("vireo-test-fd", Ct));
        Assert.Contains("vireo-test-fd", closedTwice.Description);

        var (fdset, fd) = await qmp.AddFdAsync(devNull, ct: Ct);
        Assert.True(fd > 2);
        Assert.Equal("/dev/null", new FileInfo($"/proc/{qemu.Process.Pid}/fd/{fd}").LinkTarget);
        await qmp.ExecuteAsync(QmpCommands.RemoveFd(fdset), Ct);
    }

    [Fact]
    public async Task ReconnectAfterTheFirstClientLeaves()
    {
        await using var qemu = await QemuUnderTest.StartAsync(withSerial: false);
        await using (var first = await qemu.ConnectQmpAsync(Ct))
            await first.ContAsync(Ct);
        // As after a daemon restart: QEMU greets the new client and keeps its state.
        await using var second = await qemu.ConnectQmpAsync(Ct);
        Assert.Equal("running", (await second.QueryStatusAsync(Ct)).Status);
    }
}
