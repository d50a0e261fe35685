using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// domxml-to-native's "qemu-argv": the command line a start would run, on one line as a shell reads it
/// (environment first, then the emulator and its arguments, quoted like libvirt's virCommandToString).
/// What only exists once a start is under way is pretended, and documented in docs/user-guide.md:
/// the domain id is -1 (runtime directory "domain--1-NAME", as libvirt's), tap and macvtap descriptors
/// are the numbers a start would hand QEMU (3, 4, ... in interface order, one per queue), and autoport
/// displays leave the port to QEMU (no port is reserved).
/// </summary>
public static class NativeArgv
{
    public const string Format = "qemu-argv";

    /// <summary>The descriptor numbers a start would pass for each interface that needs a tap or macvtap.</summary>
    public static IReadOnlyDictionary<int, QemuInterfaceFds> PretendInterfaceFds(DomainDef def, int firstFd = 3)
    {
        var fds = new Dictionary<int, QemuInterfaceFds>();
        int next = firstFd;
        for (int i = 0; i < def.Devices.Interfaces.Count; i++)
        {
            var nic = def.Devices.Interfaces[i];
            if (nic.Type == InterfaceType.User) continue;
            int queues = (int)Math.Max(1, nic.Driver?.Queues ?? 1);
            fds[i] = new QemuInterfaceFds(Enumerable.Range(next, queues).ToList());
            next += queues;
        }
        return fds;
    }

    /// <summary>"LC_ALL=C PATH=... HOME=/ /usr/bin/qemu-system-x86_64 -name ..." without a trailing newline.</summary>
    public static string Render(QemuCommandLine cmd)
    {
        var words = QemuProcessEnvironment.For(cmd).Select(kv => $"{kv.Key}={QemuArgsFormatter.Quote(kv.Value)}").ToList();
        words.Add(QemuArgsFormatter.Quote(cmd.Emulator));
        words.AddRange(cmd.Arguments.Select(QemuArgsFormatter.Quote));
        return string.Join(' ', words);
    }
}
