using System.Globalization;
using Microsoft.Extensions.Configuration;
using Vireo.Hosting;

namespace Vireo.Daemon;

/// <summary>
/// vireod's settings, from the config file (INI: key = value, see packaging/vireod.conf) overridden by the
/// command line. Paths not given follow the directories they live in (socket defaults to RUN_DIR/libvirt-sock).
/// </summary>
public sealed record DaemonSettings
{
    public const string DefaultConfigFile = "/etc/vireo/vireod.conf";
    public const string LibvirtSocket = "/run/libvirt/libvirt-sock";
    public const string LibvirtReadOnlySocket = "/run/libvirt/libvirt-sock-ro";

    public string StateDir { get; init; } = "/var/lib/vireo";
    public string RunDir { get; init; } = "/run/vireo";
    public string LogDir { get; init; } = "/var/log/vireo";
    public string Socket { get; init; } = "/run/vireo/libvirt-sock";
    public string ReadOnlySocket { get; init; } = "/run/vireo/libvirt-sock-ro";

    /// <summary>Also listen on libvirt's own sockets, so plain virsh (no -c) reaches vireod.</summary>
    public bool ListenLibvirtSockets { get; init; }

    /// <summary>Stay attached to the terminal (always so under systemd).</summary>
    public bool Foreground { get; init; }

    /// <summary>The container helper (vireo-lxc); null: next to vireod.</summary>
    public string? LxcHelper { get; init; }

    public StateLayout Layout => new(StateDir, RunDir, LogDir);

    public string PidFile => Path.Combine(RunDir, "vireod.pid");

    /// <summary>The sockets to serve: vireod's pair, plus libvirt's pair with --libvirt-sockets.</summary>
    public IReadOnlyList<ListenEndpoint> Endpoints
    {
        get
        {
            List<ListenEndpoint> list = [ListenEndpoint.ReadWrite(Socket), ListenEndpoint.ReadOnlyAt(ReadOnlySocket)];
            if (ListenLibvirtSockets)
            {
                list.Add(ListenEndpoint.ReadWrite(LibvirtSocket));
                list.Add(ListenEndpoint.ReadOnlyAt(LibvirtReadOnlySocket));
            }
            return list;
        }
    }

    /// <summary>
    /// Reads the settings (keys are case-insensitive: state_dir, run_dir, log_dir, socket, ro_socket, ...).
    /// Relative paths are made absolute against the directory vireod was started in: every path is handed
    /// on to other processes (QEMU, the container helper, which insists on absolute ones) and must mean the
    /// same thing there.
    /// </summary>
    public static DaemonSettings From(IConfiguration c)
    {
        var d = new DaemonSettings();
        var run = Path.GetFullPath(c["run_dir"] ?? d.RunDir);
        return new DaemonSettings
        {
            StateDir = Path.GetFullPath(c["state_dir"] ?? d.StateDir),
            RunDir = run,
            LogDir = Path.GetFullPath(c["log_dir"] ?? d.LogDir),
            Socket = Path.GetFullPath(c["socket"] ?? Path.Combine(run, "libvirt-sock")),
            ReadOnlySocket = Path.GetFullPath(c["ro_socket"] ?? Path.Combine(run, "libvirt-sock-ro")),
            ListenLibvirtSockets = Bool(c, "listen_libvirt_sockets"),
            Foreground = Bool(c, "foreground"),
            LxcHelper = c["lxc_helper"] is { } helper ? Path.GetFullPath(helper) : null,
        };
    }

    private static bool Bool(IConfiguration c, string key)
    {
        var text = c[key];
        if (string.IsNullOrWhiteSpace(text)) return false;
        return text.Trim().ToLower(CultureInfo.InvariantCulture) switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new FormatException($"The setting {key} is '{text}'; it must be true or false (or 1/0)."),
        };
    }
}
