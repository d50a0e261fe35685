using System.Text.RegularExpressions;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// Tests that share one booted demo guest under TCG. Each leaves it running and at its prompt.
/// </summary>
[Collection(SharedGuestCollection.Name)]
public sealed class SharedGuestTests(SharedGuestFixture guest)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private Guid Uuid => guest.Domain.Uuid;

    [Fact]
    public void Start_ReportedLikeLibvirt_RunningBooted_ResumedThenStarted()
    {
        Assert.True(guest.Engine.State(Uuid).IsActive);
        var lifecycle = guest.Events.Lifecycle;
        Assert.Equal((LifecycleEventType.Defined, (int)DefinedDetail.Added), lifecycle[0]);
        int resumed = lifecycle.IndexOf((LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused));
        int started = lifecycle.IndexOf((LifecycleEventType.Started, (int)StartedDetail.Booted));
        Assert.True(resumed > 0 && started > resumed, $"expected Resumed/Unpaused then Started/Booted, got {string.Join(", ", lifecycle)}");
        var startedEvent = guest.Events.All.OfType<LifecycleEvent>().First(e => e.Type == LifecycleEventType.Started);
        Assert.True(startedEvent.Domain.Id > 0, "the Started event carries the new domain id");
    }

    [Fact]
    public async Task Console_FromPowerOn_ShowsBiosBannerKernelMessagesAndMarker()
    {
        await using var console = await guest.Engine.ConsoleAsync(Uuid, history: true);
        var bios = await console.WaitForAsync("SeaBIOS (version", 0, TimeSpan.FromSeconds(10));
        var kernel = await console.WaitForAsync("Linux version", 0, TimeSpan.FromSeconds(10));
        var marker = await console.WaitForAsync(DemoKit.MarkerLine(), 0, TimeSpan.FromSeconds(10));
        Assert.True(bios.Index < kernel.Index && kernel.Index < marker.Index, "BIOS banner, then kernel, then the marker");
    }

    [Fact]
    public async Task Console_TypedCommand_RoundTrips()
    {
        await using var console = await guest.Engine.ConsoleAsync(Uuid, history: false);
        var output = await console.RunAsync("echo round-$((6*7))-trip; uname -r");
        Assert.Contains("round-42-trip", output);
        Assert.Matches(new Regex(@"\d+\.\d+\.\d+-\d+-cloud-amd64"), output);
    }

    [Fact]
    public async Task Console_TwoClients_BothSeeTheOutput_AndDetachingOneDisturbsNothing()
    {
        var first = await guest.Engine.ConsoleAsync(Uuid, history: false);
        await using var second = await guest.Engine.ConsoleAsync(Uuid, history: false);
        var output = await first.RunAsync("echo two-$((20+22))-clients");
        Assert.Contains("two-42-clients", output);
        await second.WaitForAsync("two-42-clients", 0, TimeSpan.FromSeconds(10));

        await first.DisposeAsync();
        var after = await second.RunAsync("echo still-$((40+2))-here");
        Assert.Contains("still-42-here", after);
        Assert.Equal(DomainState.Running, guest.Engine.State(Uuid).State);
    }

    [Fact]
    public async Task SuspendResume_PausedUserThenRunningUnpaused_WithLibvirtsEvents()
    {
        int before = guest.Events.All.Count;
        await guest.Engine.Lifecycle.SuspendAsync(Uuid, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(PausedReason.User), guest.Engine.State(Uuid));
        await guest.Events.WaitForAsync(e => e is LifecycleEvent { Type: LifecycleEventType.Suspended, Detail: (int)SuspendedDetail.Paused }, EventTimeout, "Suspended/Paused", before);

        // A paused guest prints nothing: what is typed now only shows after resume.
        await using var console = await guest.Engine.ConsoleAsync(Uuid, history: false);
        await guest.Engine.Lifecycle.ResumeAsync(Uuid, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(RunningReason.Unpaused), guest.Engine.State(Uuid));
        await guest.Events.WaitForAsync(e => e is LifecycleEvent { Type: LifecycleEventType.Resumed, Detail: (int)ResumedDetail.Unpaused }, EventTimeout, "Resumed/Unpaused", before);
        Assert.Contains("resumed-ok", await console.RunAsync("echo resumed-ok"));

        var suspendedEvents = guest.Events.All.Skip(before).OfType<LifecycleEvent>().Count(e => e.Type == LifecycleEventType.Suspended);
        Assert.Equal(1, suspendedEvents); // the STOP event and the API call agree on one event
    }

    [Fact]
    public async Task Reads_NeverWaitForTheDomainsJob()
    {
        var dom = guest.Engine.Driver.Registry.GetByUuid(Uuid);
        using (await dom.Job.AcquireAsync("test holds the job", dom.Name, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            // Each of these would block (30 s) if it took the job; they answer from the snapshot.
            Assert.Contains(guest.Engine.Domains.List(ListFlags.All), d => d.Ref.Uuid == Uuid);
            Assert.Equal(DomainState.Running, guest.Engine.Domains.State(Uuid).State);
            Assert.Equal(DomainState.Running, guest.Engine.Domains.Info(Uuid).State);
            Assert.Contains($"<name>{guest.Name}</name>", guest.Engine.Domains.Xml(Uuid, XmlFlags.None));

            // A change does wait, and says who holds the job.
            var e = await Assert.ThrowsAsync<Vireo.Core.Errors.VirException>(async () =>
                await guest.Engine.Lifecycle.SuspendAsync(Uuid, TestContext.Current.CancellationToken));
            Assert.Equal(Vireo.Core.Errors.VirErrorCode.OperationTimeout, e.Code);
            Assert.Contains("'test holds the job'", e.Message);
        }
    }

    [Fact]
    public void InfoAndXml_DescribeTheRunningGuest()
    {
        var info = guest.Engine.Domains.Info(Uuid);
        Assert.Equal(262144UL, info.MaxMemKiB);
        Assert.Equal(1, info.VirtCpus);
        Assert.True(info.CpuTimeNs > 0, "a booted TCG guest has used CPU time");
        var xml = guest.Engine.Domains.Xml(Uuid, XmlFlags.None);
        Assert.Contains($"id='{guest.Domain.Id}'", xml);
        Assert.Contains("machine='pc-i440fx-", xml); // the alias 'pc' resolved to the machine type actually run
        var inactive = guest.Engine.Domains.Xml(Uuid, XmlFlags.Inactive);
        Assert.DoesNotContain(" id=", inactive.Split('\n')[0]);
        var vcpus = guest.Engine.Domains.Vcpus(Uuid);
        Assert.Single(vcpus);
        Assert.True(vcpus[0].CpuTimeNs > 0);
    }

    [Fact]
    public async Task Reset_IsARebootEvent_AndTheGuestBootsAgain()
    {
        int from = guest.Console.Length;
        int before = guest.Events.All.Count;
        await guest.Engine.Lifecycle.ResetAsync(Uuid, CancellationToken.None);
        await guest.Events.WaitForAsync(e => e is RebootEvent, EventTimeout, "Reboot", before);
        await guest.Console.WaitForAsync("SeaBIOS (version", from, ConsoleReader.BootTimeout);
        await guest.Console.WaitUntilReadyAsync(from);
        Assert.Equal(DomainState.Running, guest.Engine.State(Uuid).State);
    }

    [Fact]
    public async Task Reboot_PressesThePowerButton_AndTheGuestComesBackInTheSameQemu()
    {
        var pidBefore = ((Vireo.Qemu.Driver.GuestProcess)guest.Engine.Driver.Registry.GetByUuid(Uuid).Handle!).Process.Pid;
        int from = guest.Console.Length;
        int before = guest.Events.All.Count;
        await guest.Engine.Lifecycle.RebootAsync(Uuid, ShutdownFlags.Default, CancellationToken.None);
        await guest.Console.WaitForAsync("ACPI power button", from, TimeSpan.FromSeconds(60));
        await guest.Console.WaitUntilReadyAsync(from);
        await guest.Events.WaitForAsync(e => e is RebootEvent, EventTimeout, "Reboot", before);
        Assert.Equal(StateWithReason.Of(RunningReason.Booted), guest.Engine.State(Uuid));
        var pidAfter = ((Vireo.Qemu.Driver.GuestProcess)guest.Engine.Driver.Registry.GetByUuid(Uuid).Handle!).Process.Pid;
        Assert.Equal(pidBefore, pidAfter);
        Assert.DoesNotContain(guest.Events.All.Skip(before).OfType<LifecycleEvent>(), e => e.Type is LifecycleEventType.Stopped or LifecycleEventType.Shutdown);
    }

    [Fact]
    public async Task MemoryStats_ComeFromTheBalloon()
    {
        var stats = await guest.Engine.Domains.MemoryStatsAsync(Uuid, CancellationToken.None);
        Assert.Contains(stats, s => s.Tag == 6 && s.Value == 262144); // actual balloon, KiB
        Assert.Contains(stats, s => s.Tag == 7 && s.Value > 0); // rss
    }
}
