using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>cpu-models against vireod: libvirtd 9.0's lists and refusals, through virsh, vireo and python-libvirt.</summary>
public sealed class CpuModelNamesTests
{
    [Fact]
    public async Task Cpu_models_answers_each_architecture_as_libvirtd_does()
    {
        await using var served = await ServedEngine.StartAsync();
        var (virsh, vireo) = await served.BothOkAsync("cpu-models", "x86_64");
        var lines = virsh.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(58, lines.Length);
        Assert.Equal(("486", "qemu64", "Dhyana"), (lines[0], lines[12], lines[^1]));
        Assert.Equal(virsh, vireo);
        Assert.Equal("POWER6\nPOWER7\nPOWER8\nPOWER9\nPOWER10\nPOWERPC_e5500\nPOWERPC_e6500\n\n", await served.VirshOkAsync("cpu-models", "ppc64le"));
        Assert.Equal(("all CPU models are accepted\n\n", "all CPU models are accepted\n\n"), await served.BothOkAsync("cpu-models", "aarch64"));

        foreach (var (arch, message) in new[]
        {
            ("foo", "error: failed to get CPU model names\nerror: invalid argument: cannot find architecture foo"),
            ("riscv64", "error: failed to get CPU model names\nerror: this function is not supported by the connection driver: 'riscv64' architecture is not supported by CPU driver"),
        })
        {
            Assert.Equal(message, (await served.VirshFailsAsync("cpu-models", arch)).Trim());
            Assert.Equal(message, (await served.VireoAsync("cpu-models", arch)).Stderr.Trim());
        }

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            c = libvirt.open('{{served.Uri}}')
            print(c.getCPUModelNames('i686', 0)[:3])
            for call in (lambda: c.getCPUModelNames('x86_64', 1), lambda: c.getCPUModelNames('sparc', 0)):
                try:
                    call()
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """]);
        Assert.Equal((0, "['486', 'pentium', 'pentium2']\n8 10 unsupported flags (0x1) in function qemuConnectGetCPUModelNames\n" +
            "3 31 this function is not supported by the connection driver: 'sparc' architecture is not supported by CPU driver"), (python.ExitCode, python.Stdout.Trim()));
    }
}
