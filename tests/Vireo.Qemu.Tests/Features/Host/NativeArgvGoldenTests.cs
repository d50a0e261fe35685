using System.Runtime.CompilerServices;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Tests.CommandLine;

namespace Vireo.Qemu.Tests.Features.Host;

/// <summary>
/// domxml-to-native's rendering, golden: corpus XMLs (CommandLine/Data) built as domxml-to-native builds
/// them (id -1's runtime directory, tap descriptors 3, 4, ... in interface order) and printed on one
/// line, environment first. NativeData/NAME.native holds the expected line; VIREO_REGENERATE_GOLDEN=1 rewrites it.
/// </summary>
public sealed class NativeArgvGoldenTests
{
    public static TheoryData<string> Cases => new(["machine-default", "clock-timezone", "net-bridge-virtio-driver", "net-network-ethernet-direct", "graphics-vnc-autoport"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Native_argv_matches_golden(string name)
    {
        var def = GoldenData.LoadDomain(name);
        var ctx = GoldenData.ContextFor(name, def, runtimeDir: $"/run/vireo/qemu/domain--1-{def.Name}") with
        {
            DomainId = -1,
            InterfaceFds = NativeArgv.PretendInterfaceFds(def),
            GraphicsPorts = new Dictionary<int, int>(),
        };
        var line = NativeArgv.Render(QemuCommandBuilder.Build(def, ctx));
        var golden = Path.Combine(SourceDir(), "NativeData", name + ".native");
        if (GoldenData.Regenerate) File.WriteAllText(golden, line + "\n");
        Assert.Equal(File.ReadAllText(golden), line + "\n");
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Pretend_descriptors_count_from_3_one_per_queue_skipping_user_networking()
    {
        var def = GoldenData.LoadDomain("net-bridge-virtio-driver"); // one interface with 4 queues
        var fds = NativeArgv.PretendInterfaceFds(def);
        Assert.Equal([3, 4, 5, 6], fds[0].TapFds);
        Assert.Empty(NativeArgv.PretendInterfaceFds(GoldenData.LoadDomain("net-user-models")));
    }

    [Fact]
    public void Environment_comes_first_in_libvirt_order_and_values_are_shell_quoted()
    {
        var cmd = new QemuCommandLine
        {
            Emulator = "/usr/bin/qemu-system-x86_64",
            Options = [new QemuOption("-name", "guest=a b"), new QemuOption("-S")],
            Environment = new Dictionary<string, string> { ["TZ"] = "Europe/Paris" },
            MachineType = "pc",
            Accelerator = "tcg",
            MonitorSocket = "/x",
            Definition = new Vireo.Core.Domain.DomainDef { Name = "a b", Type = "qemu", Uuid = Guid.Empty },
        };
        Assert.Equal("LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/ TZ=Europe/Paris /usr/bin/qemu-system-x86_64 -name 'guest=a b' -S",
            NativeArgv.Render(cmd));
    }

    private static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
