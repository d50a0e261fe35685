using System.Diagnostics;
using System.Text.RegularExpressions;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>The prober against the real qemu-system-x86_64 of this machine.</summary>
public sealed partial class CapsProberTests
{
    private const string Emulator = "/usr/bin/qemu-system-x86_64";

    [Fact]
    public async Task ProbesTheRealEmulator()
    {
        MachineSetUp.Require(File.Exists(Emulator), $"{Emulator} (package qemu-system-x86)");
        var caps = await QemuCapsProber.ProbeAsync(Emulator, TestContext.Current.CancellationToken);

        Assert.Equal(Emulator, caps.EmulatorPath);
        Assert.Equal(VersionFromCommandLine(), caps.Version.ToString());
        Assert.Equal("x86_64", caps.Arch);
        Assert.StartsWith("pc-i440fx-", caps.FindMachine("pc")!.Name);
        Assert.StartsWith("pc-q35-", caps.FindMachine("q35")!.Name);
        Assert.Contains("tcg", caps.Accelerators);
        Assert.True(caps.HasDevice("virtio-net-pci"));
        Assert.NotNull(caps.FindCpuModel("qemu64"));
        Assert.NotNull(caps.FindCpuModel("max"));
    }

    /// <summary>The fixture the golden tests use is a faithful capture of this binary (when it is still the same version).</summary>
    [Fact]
    public async Task TheFixtureMatchesThisEmulator()
    {
        MachineSetUp.Require(File.Exists(Emulator), $"{Emulator} (package qemu-system-x86)");
        var fixture = CapsFixture.Parse();
        var real = await QemuCapsProber.ProbeAsync(Emulator, TestContext.Current.CancellationToken);
        Assert.SkipWhen(real.Version != fixture.Version, $"QEMU here is {real.Version}, the fixture was captured from {fixture.Version}.");
        Assert.Equal(fixture.Machines, real.Machines);
        Assert.Equal(fixture.QomTypes.Order(), real.QomTypes.Order());
        Assert.Equal(fixture.Accelerators, real.Accelerators);
        Assert.Equal(fixture.CpuModels.Select(c => (c.Name, string.Join(',', c.UnavailableFeatures))),
                     real.CpuModels.Select(c => (c.Name, string.Join(',', c.UnavailableFeatures))));
        Assert.Equal(fixture.MaxCpuExpansion!.Properties, real.MaxCpuExpansion!.Properties);
        Assert.True(real.MaxCpuExpansion.MigratabilityKnown);
    }

    [Fact]
    public async Task AMissingEmulatorIsReportedByPath()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => QemuCapsProber.ProbeAsync("/nonexistent/qemu-system-x86_64", TestContext.Current.CancellationToken));
        Assert.Contains("/nonexistent/qemu-system-x86_64", e.Message);
    }

    /// <summary>A binary that is not QEMU exits without a QMP socket: the error says so and carries what it printed.</summary>
    [Fact]
    public async Task ABinaryThatIsNotQemuFailsWithItsOutput()
    {
        var e = await Assert.ThrowsAsync<IOException>(() => QemuCapsProber.ProbeAsync("/bin/false", TestContext.Current.CancellationToken));
        Assert.Contains("Probing the emulator /bin/false failed", e.Message);
    }

    private static string VersionFromCommandLine()
    {
        var psi = new ProcessStartInfo(Emulator, ["--version"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return VersionPattern().Match(text).Groups[1].Value;
    }

    [GeneratedRegex(@"version (\d+\.\d+\.\d+)")]
    private static partial Regex VersionPattern();
}
