using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>The -chardev for a character device's host side, and what the driver must know about it.</summary>
internal readonly record struct Chardev(QemuProps Props, string? SocketPath, bool EngineIsClient, string? EngineLog, bool EngineLogAppend);

/// <summary>
/// Host sides of serial ports, consoles, channels and rng egd backends. 'pty' is realised as a Unix
/// socket server in the runtime directory whose only client is the engine (it relays to consoles and
/// writes the log): QEMU's pty has no backpressure and its logfile= duplicates characters while a
/// client is attached (qemu-probe 3c). Other types map directly: file, unix (bind/connect), tcp
/// (optionally telnet), null, and spicevmc for the spice agent's channel.
/// </summary>
internal static class ChardevProps
{
    public static Chardev Build(BuildSession s, string id, CharType type, CharSourceDef? source, CharProtocol? protocol,
                                CharLogDef? log, string enginePath, string what)
    {
        if (protocol is CharProtocol.Telnets or CharProtocol.Tls)
            throw s.Unsupported($"{what} of {s.Owner} asks for protocol '{protocol.ToString()!.ToLowerInvariant()}', which needs TLS certificates Vireo does not manage; use 'raw' or 'telnet'");
        if (protocol == CharProtocol.Telnet && type != CharType.Tcp)
            throw s.Unsupported($"{what} of {s.Owner} asks for protocol 'telnet', which only type 'tcp' supports");
        switch (type)
        {
            case CharType.Pty:
                var path = s.SocketPath(enginePath, what);
                return new Chardev(Socket(id).Add("path", path).Add("server", true).Add("wait", false), path, true, log?.File, log?.Append == OnOff.On);
            case CharType.Null:
                return Logged(new QemuProps("null").Add("id", id), log);
            case CharType.File:
                var file = source?.Path ?? throw s.Unsupported($"{what} of {s.Owner} is type 'file' without <source path>");
                return Logged(new QemuProps("file").Add("id", id).Add("path", file).Add("append", source.Append is null ? null : source.Append == OnOff.On), log);
            case CharType.Unix:
            {
                // No path: a socket of ours, QEMU listening. With a path: libvirt's default mode is connect.
                bool server = source?.Path is null || source.Mode == CharSourceMode.Bind;
                var socket = s.SocketPath(source?.Path ?? enginePath, what);
                var props = Socket(id).Add("path", socket).Add("server", server);
                if (server) props.Add("wait", false);
                return Logged(props, log) with { SocketPath = socket };
            }
            case CharType.Tcp:
            {
                var host = source?.Host;
                var port = source?.Service ?? throw s.Unsupported($"{what} of {s.Owner} is type 'tcp' without <source service>");
                bool server = source.Mode == CharSourceMode.Bind;
                var props = Socket(id).Add("host", host ?? (server ? "0.0.0.0" : "localhost")).Add("port", port).Add("server", server);
                if (server) props.Add("wait", false);
                if (protocol == CharProtocol.Telnet) props.Add("telnet", true);
                return Logged(props, log);
            }
            case CharType.Spicevmc:
                // The spice agent's channel (com.redhat.spice.0), carried by the spice server.
                return new Chardev(new QemuProps("spicevmc").Add("id", id).Add("name", "vdagent"), null, false, null, false);
            default:
                throw s.Unsupported($"{what} of {s.Owner} is type 'stdio', which a daemon-run QEMU cannot use; use 'pty' or 'unix'");
        }
    }

    private static QemuProps Socket(string id) => new QemuProps("socket").Add("id", id);

    /// <summary>A log for a chardev the engine does not read: QEMU writes it (logfile=).</summary>
    private static Chardev Logged(QemuProps props, CharLogDef? log)
    {
        if (log is not null)
            props.Add("logfile", log.File).Add("logappend", log.Append is null ? null : log.Append == OnOff.On);
        return new Chardev(props, null, false, null, false);
    }
}
