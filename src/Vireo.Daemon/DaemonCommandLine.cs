using System.CommandLine;

namespace Vireo.Daemon;

/// <summary>vireod's options; each is also a config-file setting (the key is given in the help text).</summary>
public sealed record DaemonCommandLine(string? ConfigFile, IReadOnlyDictionary<string, string?> Overrides, string? Problem, bool ShowHelp)
{
    private static readonly (string Option, string Key, string Description)[] Values =
    [
        ("--state-dir", "state_dir", "definitions and status (default /var/lib/vireo)"),
        ("--run-dir", "run_dir", "runtime files: guest sockets, pid file (default /run/vireo)"),
        ("--log-dir", "log_dir", "guest and console logs (default /var/log/vireo)"),
        ("--socket", "socket", "read-write socket, root only (default RUN_DIR/libvirt-sock)"),
        ("--ro-socket", "ro_socket", "read-only socket (default RUN_DIR/libvirt-sock-ro)"),
        ("--agentx", "Snmp:AgentX", "serve LIBVIRT-MIB to an SNMP master: unix:PATH or tcp:HOST:PORT"),
        ("--web", "Web:Listen", "serve the web console and REST API: HOST:PORT (e.g. 127.0.0.1:8007) or unix:PATH"),
        ("--lxc-helper", "lxc_helper", "the container helper vireo-lxc (default: next to vireod)"),
    ];

    private static readonly (string Option, string Key, string Description)[] Flags =
    [
        ("--libvirt-sockets", "listen_libvirt_sockets", "also listen on /run/libvirt/libvirt-sock{,-ro}, so plain virsh reaches vireod"),
        ("--foreground", "foreground", "stay in the foreground (always so under systemd)"),
    ];

    public static DaemonCommandLine Parse(string[] args)
    {
        var root = Build(out var config, out var values, out var flags);
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (args.Any(a => a is "-h" or "--help")) return new(null, new Dictionary<string, string?>(), null, true);
        if (parse.Errors.Count > 0) return new(null, new Dictionary<string, string?>(), parse.Errors[0].Message, false);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (option, key) in values)
            if (parse.GetValue(option) is { } v) overrides[key] = v;
        foreach (var (option, key) in flags)
            if (parse.GetValue(option)) overrides[key] = "true";
        return new(parse.GetValue(config), overrides, null, false);
    }

    public static string HelpText()
    {
        var lines = new List<string>
        {
            "vireod - the Vireo daemon: QEMU and container guests behind libvirt's remote protocol",
            "",
            "Usage: vireod [OPTIONS]",
            "",
            $"  {"--config FILE",-22} settings file (default {DaemonSettings.DefaultConfigFile}; INI: key = value)",
        };
        lines.AddRange(Values.Select(v => $"  {v.Option + " VALUE",-22} {v.Description} [{v.Key}]"));
        lines.AddRange(Flags.Select(f => $"  {f.Option,-22} {f.Description} [{f.Key}]"));
        return string.Join('\n', lines) + "\n";
    }

    private static RootCommand Build(out Option<string?> config, out List<(Option<string?>, string)> values, out List<(Option<bool>, string)> flags)
    {
        var root = new RootCommand("vireod");
        config = new Option<string?>("--config");
        root.Add(config);
        values = [];
        foreach (var (name, key, description) in Values)
        {
            var o = new Option<string?>(name) { Description = description };
            root.Add(o);
            values.Add((o, key));
        }
        flags = [];
        foreach (var (name, key, description) in Flags)
        {
            var o = new Option<bool>(name) { Description = description };
            root.Add(o);
            flags.Add((o, key));
        }
        return root;
    }
}
