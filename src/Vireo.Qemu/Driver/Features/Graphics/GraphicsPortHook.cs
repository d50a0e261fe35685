using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver.Features.Graphics;

/// <summary>
/// Ports for VNC and SPICE servers with autoport, chosen before QEMU starts, as libvirt's port allocator
/// does: the first port from 5900 that no guest of this engine holds and that can be bound on the
/// listen address now. The port (and the default listen address) go into the live definition
/// (dumpxml shows port='5901' autoport='yes' listen='127.0.0.1', which is what virsh domdisplay and
/// vncdisplay read) and the port to the command line builder.
/// SPICE has no "any free port" of its own, so without this a SPICE display could not autoport at all.
/// </summary>
internal sealed class GraphicsPortHook : IHostResourceHook
{
    private const int FirstPort = 5900;
    private const int LastPort = 65535;
    private static readonly HashSet<int> Held = [];

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (HostResourceHooks).")]
    internal static void Register() => HostResourceHooks.Add(new GraphicsPortHook());

    public Task PrepareAsync(GuestLaunch launch, CancellationToken ct)
    {
        var graphics = launch.Def.Devices.Graphics;
        var updated = graphics.ToArray();
        var taken = new List<int>();
        try
        {
            for (int i = 0; i < graphics.Count; i++)
            {
                if (ListenAddressNeedingPort(graphics[i]) is not { } address) continue;
                var port = Reserve(address, launch.Def.Name, graphics[i].Type);
                taken.Add(port);
                launch.GraphicsPorts[i] = port;
                updated[i] = WithListen(graphics[i] with { Port = port, AutoPort = YesNo.Yes }, address);
            }
        }
        catch
        {
            Release(taken);
            throw;
        }
        if (taken.Count > 0)
            launch.Def = launch.Def with { Devices = launch.Def.Devices with { Graphics = updated } };
        return Task.CompletedTask;
    }

    public void Started(GuestLaunch launch, QemuCommandLine cmd, GuestProcess guest)
    {
    }

    /// <summary>The guest is gone: its autoport ports are free for the next one.</summary>
    public Task ReleaseAsync(DriverContext ctx, DomainDef live)
    {
        Release(live.Devices.Graphics.Where(g => g.AutoPort == YesNo.Yes && g.Port is > 0).Select(g => g.Port!.Value));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The address an autoport display listens on, or null when it needs no port from us (a fixed port,
    /// a Unix socket, or no listener). Mirrors GraphicsArgs' reading of the listen elements.
    /// </summary>
    internal static string? ListenAddressNeedingPort(GraphicsDef g)
    {
        bool auto = g.AutoPort == YesNo.Yes || g.Port is null or -1;
        if (!auto) return null;
        var listen = g.Listens.FirstOrDefault();
        if (listen?.Type is GraphicsListenType.Socket or GraphicsListenType.None) return null;
        if (listen is null && g.Type == GraphicsType.Vnc && g.SocketAttribute is not null) return null;
        return listen?.Address ?? g.ListenAttribute ?? "127.0.0.1";
    }

    /// <summary>
    /// Says where the server listens when the XML left it to the default, as libvirt's live XML does
    /// (listen='127.0.0.1' plus its &lt;listen&gt; element), so clients such as virsh domdisplay print it.
    /// </summary>
    /// A &lt;listen type='address'/&gt; without an address (what a define fills in) is completed the same way.
    private static GraphicsDef WithListen(GraphicsDef g, string address) =>
        g.ListenAttribute is not null || g.Listens.Count > 0 && g.Listens[0] is not { Type: GraphicsListenType.Address, Address: null }
            ? g
            : g with { ListenAttribute = address, Listens = [new GraphicsListenDef(GraphicsListenType.Address, address), .. g.Listens.Skip(1)] };

    private static int Reserve(string address, string domain, GraphicsType type)
    {
        var ip = IPAddress.TryParse(address, out var parsed) ? parsed
            : throw VirErrors.Unsupported($"the {type.ToString().ToUpperInvariant()} display of domain '{domain}' listens on '{address}', which is not an IP address", VirErrorDomain.Qemu);
        lock (Held)
        {
            for (int port = FirstPort; port <= LastPort; port++)
            {
                if (Held.Contains(port) || !CanBind(ip, port)) continue;
                Held.Add(port);
                return port;
            }
        }
        throw VirErrors.Failed($"cannot start domain '{domain}': no free port from {FirstPort} to {LastPort} for its {type.ToString().ToUpperInvariant()} display on {address}");
    }

    private static bool CanBind(IPAddress ip, int port)
    {
        using var s = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(new IPEndPoint(ip, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Release(IEnumerable<int> ports)
    {
        lock (Held)
            foreach (var p in ports) Held.Remove(p);
    }
}
