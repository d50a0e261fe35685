using System.Globalization;
using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// VNC and SPICE servers. Passwords never go on argv (any local user can read /proc/PID/cmdline): the
/// server starts with password=on (VNC) or without disable-ticketing (SPICE), which refuses every
/// client, and the engine sends set_password (and expire_password) over QMP before 'cont'.
/// VNC with autoport and no port reserved by the driver lets QEMU take the first free display
/// (":0,to=99"); the engine reads the port back with query-vnc.
/// </summary>
internal static class GraphicsArgs
{
    private const string DefaultListen = "127.0.0.1";

    public static void Emit(BuildSession s)
    {
        var graphics = s.Def.Devices.Graphics;
        foreach (var type in new[] { GraphicsType.Vnc, GraphicsType.Spice })
            if (graphics.Count(g => g.Type == type) > 1)
                throw s.Unsupported($"{s.Owner} has more than one <graphics type='{type.ToString().ToLowerInvariant()}'>; QEMU runs one server of each kind");
        for (int i = 0; i < graphics.Count; i++)
        {
            if (graphics[i].Type == GraphicsType.Vnc) EmitVnc(s, graphics[i], i);
            else EmitSpice(s, graphics[i], i);
        }
        if (graphics.Any(g => g.Keymap is not null))
            s.Add("-k", graphics.First(g => g.Keymap is not null).Keymap!);
    }

    private static void EmitVnc(BuildSession s, GraphicsDef g, int index)
    {
        const string what = "<graphics type='vnc'>";
        // The legacy socket='' attribute means the same as <listen type='socket' socket=''/>.
        var listen = g.Listens.FirstOrDefault()
                     ?? (g.SocketAttribute is { } legacy ? new GraphicsListenDef(GraphicsListenType.Socket, Socket: legacy) : null);
        QemuProps props;
        string? address = null, socket = null;
        int? port = null;
        bool auto = false;
        switch (listen?.Type)
        {
            case GraphicsListenType.None:
                props = new QemuProps("none");
                break;
            case GraphicsListenType.Socket:
                socket = s.SocketPath(listen.Socket ?? s.Ctx.Paths.GraphicsSocket(index, "vnc"), what);
                props = new QemuProps("unix:" + socket);
                break;
            default:
                address = listen?.Address ?? g.ListenAttribute ?? DefaultListen;
                var host = address.Contains(':') ? $"[{address}]" : address;
                (port, auto) = Port(s, g, index, 5900, what);
                props = port is { } p
                    ? new QemuProps($"{host}:{(p - 5900).ToString(CultureInfo.InvariantCulture)}")
                    : new QemuProps($"{host}:0").Add("to", 99);
                break;
        }
        if (g.Websocket is { } ws)
        {
            if (listen?.Type is GraphicsListenType.None or GraphicsListenType.Socket)
                throw s.Unsupported($"the websocket of {what} in {s.Owner} needs the server to listen on an address");
            // -1: automatic, QEMU's websocket=on listens on 5700 + the display number.
            if (ws == -1) props.Add("websocket", "on");
            else props.Add("websocket", ws);
        }
        props.Add("share", g.SharePolicy switch
        {
            SharePolicy.AllowExclusive => "allow-exclusive",
            SharePolicy.ForceShared => "force-shared",
            SharePolicy.Ignore => "ignore",
            _ => null,
        });
        bool password = g.Passwd is not null;
        if (password) props.Add("password", true);
        if (s.DefaultAudioDev is { } audio) props.Add("audiodev", audio);
        s.Add("-vnc", props);
        if (password) PasswordCommands(s, g, "vnc");
        s.Graphics.Add(new QemuGraphicsInfo(GraphicsType.Vnc, address, port, socket, auto, password));
    }

    private static void EmitSpice(BuildSession s, GraphicsDef g, int index)
    {
        const string what = "<graphics type='spice'>";
        if (g.TlsPort is not null and not 0 and not -1 || g.SpiceChannels.Any(c => c.Mode == "secure"))
            throw s.Unsupported($"{what} of {s.Owner} asks for TLS (tlsPort or a secure channel), which needs certificates Vireo does not manage yet");
        var listen = g.Listens.FirstOrDefault();
        var props = new QemuProps();
        string? address = null, socket = null;
        int? port = null;
        bool auto = false;
        switch (listen?.Type)
        {
            case GraphicsListenType.None:
                break;
            case GraphicsListenType.Socket:
                socket = s.SocketPath(listen.Socket ?? s.Ctx.Paths.GraphicsSocket(index, "spice"), what);
                props.Add("unix", true).Add("addr", socket);
                break;
            default:
                address = listen?.Address ?? g.ListenAttribute ?? DefaultListen;
                (port, auto) = Port(s, g, index, 5900, what);
                if (port is null)
                    throw Core.Errors.VirErrors.Internal($"the driver reserved no port for {what} with autoport of {s.Owner}");
                props.Add("port", port).Add("addr", address);
                break;
        }
        bool password = g.Passwd is not null;
        if (!password) props.Add("disable-ticketing", true);
        foreach (var channel in g.SpiceChannels.Where(c => c.Mode == "insecure"))
            props.Add("plaintext-channel", channel.Name);
        props.Add("image-compression", g.ImageCompression);
        props.Add("seamless-migration", true);
        s.Add("-spice", props);
        if (password) PasswordCommands(s, g, "spice");
        s.Graphics.Add(new QemuGraphicsInfo(GraphicsType.Spice, address, port, socket, auto, password));
    }

    /// <summary>The TCP port: fixed, or with autoport the one the driver reserved (null: let QEMU choose, VNC only).</summary>
    private static (int? Port, bool Auto) Port(BuildSession s, GraphicsDef g, int index, int basePort, string what)
    {
        bool auto = g.AutoPort == YesNo.Yes || g.Port is null or -1;
        if (auto) return (s.Ctx.GraphicsPorts.TryGetValue(index, out var reserved) ? reserved : null, true);
        var port = g.Port!.Value;
        if (port < basePort || port > 65535)
            throw s.Unsupported($"{what} of {s.Owner} asks for port {port}; display ports run from {basePort} to 65535");
        return (port, false);
    }

    private static void PasswordCommands(BuildSession s, GraphicsDef g, string protocol)
    {
        s.StartupCommand("set_password", $"{protocol} password", secret: true, w =>
        {
            w.WriteString("protocol", protocol);
            w.WriteString("password", g.Passwd);
        });
        if (g.PasswdValidTo is { } until)
            s.StartupCommand("expire_password", $"{protocol} password expiry", secret: false, w =>
            {
                w.WriteString("protocol", protocol);
                w.WriteString("time", ExpiryTime(until));
            });
    }

    /// <summary>passwdValidTo is an absolute UTC time ("2025-01-01T00:00:00"); QMP takes seconds since the epoch.</summary>
    private static string ExpiryTime(string validTo) =>
        DateTimeOffset.TryParse(validTo, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            : "never";
}
