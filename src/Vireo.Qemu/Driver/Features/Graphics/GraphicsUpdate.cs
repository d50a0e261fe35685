using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Graphics;

/// <summary>What update-device of a running display does: a new password, its expiry, or how connected clients fare.</summary>
internal sealed record PasswordChange(int Index, GraphicsType Type, string? Password, string? ValidTo, string? Connected);

/// <summary>
/// update-device with a &lt;graphics&gt; element, libvirt's way (qemuDomainChangeGraphics): the display of
/// the same type is found; on a running guest only passwd, passwdValidTo and connected can change (QEMU
/// has no way to move a listening display), and anything else that differs is refused, named. Attributes
/// the new element leaves out count as unchanged. In the saved definition the element replaces the old
/// one whole. Pure.
/// </summary>
internal static class GraphicsUpdate
{
    /// <summary>libvirt's values of the connected attribute: what happens to clients when the password changes.</summary>
    public static readonly IReadOnlyList<string> ConnectedValues = ["keep", "disconnect", "fail"];

    /// <summary>The change for the running guest, or null when the element asks for nothing new.</summary>
    public static PasswordChange? PlanLive(DomainDef live, GraphicsDef wanted, string? connected)
    {
        var protocol = Protocol(wanted.Type);
        int index = IndexOf(live, wanted.Type);
        if (index < 0)
            throw VirErrors.Failed($"cannot find an existing {protocol} display of running domain '{live.Name}' to modify");
        var current = live.Devices.Graphics[index];
        if (connected is not null && !ConnectedValues.Contains(connected))
            throw VirErrors.InvalidArg($"unknown value '{connected}' for connected in the <graphics> of domain '{live.Name}'; expected one of: {string.Join(", ", ConnectedValues)}");
        if (connected is "disconnect" or "fail" && wanted.Type == GraphicsType.Vnc)
            throw VirErrors.Unsupported($"connected='{connected}' is not supported for the VNC display of domain '{live.Name}': QEMU can only keep VNC clients connected when the password changes");

        var fixedOnes = Differences(current, wanted);
        if (fixedOnes.Count > 0)
            throw VirErrors.OperationUnsupported(
                $"cannot change {string.Join(", ", fixedOnes)} of the {protocol} display of running domain '{live.Name}': only passwd, passwdValidTo and connected change live " +
                "(use --config to change the saved definition, which takes effect at the next start)");

        if (wanted.Passwd == current.Passwd && wanted.PasswdValidTo == current.PasswdValidTo && connected is null) return null;
        return new PasswordChange(index, wanted.Type, wanted.Passwd, wanted.PasswdValidTo, connected);
    }

    /// <summary>The saved definition with the display of the same type replaced by the new element.</summary>
    public static DomainDef ReplaceInConfig(DomainDef persistent, GraphicsDef wanted)
    {
        int index = IndexOf(persistent, wanted.Type);
        if (index < 0)
            throw VirErrors.Failed($"cannot find an existing {Protocol(wanted.Type)} display in the definition of domain '{persistent.Name}' to modify");
        var graphics = persistent.Devices.Graphics.ToArray();
        graphics[index] = wanted;
        return persistent with { Devices = persistent.Devices with { Graphics = graphics } };
    }

    public static string Protocol(GraphicsType type) => type == GraphicsType.Vnc ? "VNC" : "SPICE";

    private static int IndexOf(DomainDef def, GraphicsType type) => def.Devices.Graphics.ToList().FindIndex(g => g.Type == type);

    /// <summary>The attributes and elements given in <paramref name="wanted"/> that differ from the running display.</summary>
    private static List<string> Differences(GraphicsDef current, GraphicsDef wanted)
    {
        bool autoport = (wanted.AutoPort ?? current.AutoPort) == YesNo.Yes;
        var names = new List<string>();
        void Check(string name, bool given, bool same)
        {
            if (given && !same) names.Add(name);
        }
        Check("autoport", wanted.AutoPort is not null, wanted.AutoPort == (current.AutoPort ?? YesNo.No));
        // With autoport the port is the server's choice: the one it got, or -1 (any), both mean "as it is".
        Check("port", wanted.Port is not null, wanted.Port == current.Port || autoport && wanted.Port == -1);
        Check("tlsPort", wanted.TlsPort is not null, wanted.TlsPort == current.TlsPort || autoport && wanted.TlsPort == -1);
        Check("websocket", wanted.Websocket is not null, wanted.Websocket == current.Websocket || wanted.Websocket == -1 && current.Websocket is not null);
        Check("socket", wanted.SocketAttribute is not null, wanted.SocketAttribute == current.SocketAttribute);
        Check("listen", wanted.ListenAttribute is not null, wanted.ListenAttribute == current.ListenAttribute);
        Check("<listen>", wanted.Listens.Count > 0, wanted.Listens.SequenceEqual(current.Listens));
        Check("keymap", wanted.Keymap is not null, wanted.Keymap == current.Keymap);
        Check("sharePolicy", wanted.SharePolicy is not null, wanted.SharePolicy == current.SharePolicy);
        Check("<channel>", wanted.SpiceChannels.Count > 0, wanted.SpiceChannels.SequenceEqual(current.SpiceChannels));
        Check("<image compression>", wanted.ImageCompression is not null, wanted.ImageCompression == current.ImageCompression);
        return names;
    }
}
