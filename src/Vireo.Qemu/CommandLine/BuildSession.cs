using System.Text;
using System.Text.Json;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// The state of one Build call: the inputs, the argv collected so far, the PCI allocator and what the
/// driver must be told. Each section (Sections/*, Devices/*) appends in libvirt's order.
/// </summary>
internal sealed class BuildSession
{
    public BuildSession(DomainDef def, QemuLaunchContext ctx, QemuMachineType machine, bool kvm)
    {
        Def = def;
        Ctx = ctx;
        Machine = machine;
        IsKvm = kvm;
        Pci = new PciAllocator(this);
    }

    public DomainDef Def { get; }
    public QemuLaunchContext Ctx { get; }
    public QemuEmulatorCaps Caps => Ctx.Caps;
    public QemuMachineType Machine { get; }
    public bool IsQ35 => Machine.IsQ35;
    public bool IsKvm { get; }
    public string Owner => $"domain '{Def.Name}'";
    public PciAllocator Pci { get; }
    public ControllerPlan Controllers { get; set; } = null!;

    public List<QemuOption> Options { get; } = [];
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public List<QemuCharDeviceInfo> CharDevices { get; } = [];
    public List<QemuDiskInfo> Disks { get; } = [];
    public List<QemuNetInfo> Nets { get; } = [];
    public List<QemuFdUse> Fds { get; } = [];
    public List<QemuGraphicsInfo> Graphics { get; } = [];
    public List<QmpStartupCommand> Startup { get; } = [];
    public QemuBalloonInfo? Balloon { get; set; }
    public string? GuestAgentSocket { get; set; }

    /// <summary>The audiodev id sound cards and VNC use ("audio1"), once -audiodev is emitted.</summary>
    public string? DefaultAudioDev { get; set; }

    public void Add(string option, string? value = null) => Options.Add(new QemuOption(option, value));

    public void Add(string option, QemuProps value) => Options.Add(new QemuOption(option, value.ToString()));

    /// <summary>-device DRIVER,...: refuses drivers the emulator lacks, naming the XML element that needs it.</summary>
    public void Device(string driver, QemuProps props, string neededFor)
    {
        RequireType(driver, neededFor);
        Add("-device", props);
    }

    /// <summary>Refuses a QOM type (device, object) the emulator was built without.</summary>
    public void RequireType(string qomType, string neededFor)
    {
        if (!Caps.HasDevice(qomType))
            throw Unsupported($"the emulator {Caps.EmulatorPath} does not support device '{qomType}', which {neededFor} of {Owner} needs");
    }

    public void Fd(int fd, string purpose)
    {
        if (Fds.Any(f => f.Fd == fd))
            throw VirErrors.Internal($"descriptor {fd} was given twice for {Owner} ({purpose})");
        if (fd < 3)
            throw VirErrors.Internal($"descriptor {fd} for {purpose} of {Owner} collides with stdin/stdout/stderr");
        Fds.Add(new QemuFdUse(fd, purpose));
    }

    /// <summary>A QMP command for the engine to send before 'cont'; arguments written with a JSON writer.</summary>
    public void StartupCommand(string execute, string purpose, bool secret, Action<Utf8JsonWriter> arguments)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            arguments(w);
            w.WriteEndObject();
        }
        Startup.Add(new QmpStartupCommand(execute, Encoding.UTF8.GetString(buffer.ToArray()), purpose, secret));
    }

    /// <summary>A Unix socket path QEMU will bind or connect: sockaddr_un holds 107 bytes plus NUL.</summary>
    public string SocketPath(string path, string what)
    {
        if (Encoding.UTF8.GetByteCount(path) > 107)
            throw Unsupported($"the socket path '{path}' for {what} of {Owner} is longer than the 107 bytes a Unix socket address can hold");
        return path;
    }

    public VirException Unsupported(string detail) => VirErrors.Unsupported(detail, VirErrorDomain.Qemu);

    public VirException Invalid(string detail) => VirErrors.Invalid(detail, VirErrorDomain.Qemu);
}
