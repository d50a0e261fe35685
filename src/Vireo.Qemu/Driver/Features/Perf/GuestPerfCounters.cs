using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Platform.Native;
using Vireo.Platform.Processes;

namespace Vireo.Qemu.Driver.Features.Perf;

/// <summary>
/// The perf counters open on one running guest's QEMU process, by event name (libvirt's priv->perf). Made on first
/// use; closed one by one on disable and all together when the guest ends (<see cref="End"/>, from the run hook).
/// </summary>
internal sealed class GuestPerfCounters
{
    private static readonly ConditionalWeakTable<GuestProcess, GuestPerfCounters> ByGuest = new();
    private static readonly ConcurrentDictionary<(string Name, int Id), GuestPerfCounters> ByRun = new();
    private readonly Dictionary<string, PerfCounter> _open = new(StringComparer.Ordinal);
    private readonly int _pid;

    private GuestPerfCounters(int pid) => _pid = pid;

    public static GuestPerfCounters For(GuestProcess guest) => ByGuest.GetValue(guest, g =>
    {
        var counters = new GuestPerfCounters(g.Process.Pid);
        ByRun[(g.Live.Name, g.Id)] = counters;
        return counters;
    });

    /// <summary>domstats' perf group: perf.NAME for each open counter, in libvirt's order; one that cannot be read is left out.</summary>
    public static IReadOnlyList<TypedParameter> Stats(GuestProcess guest)
    {
        if (!ByGuest.TryGetValue(guest, out var counters)) return [];
        var list = new List<TypedParameter>();
        lock (counters._open)
        {
            foreach (var name in PerfEventNames.All)
            {
                if (!counters._open.TryGetValue(name, out var c)) continue;
                try
                {
                    list.Add(TypedParameter.ULLong($"perf.{name}", c.Read()));
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // libvirt skips an event whose read fails
                }
            }
        }
        return list;
    }

    /// <summary>Closes every counter of a guest that ended.</summary>
    public static void End(string name, int id)
    {
        if (ByRun.TryRemove((name, id), out var counters)) counters.CloseAll();
    }

    public bool IsOpen(string name)
    {
        lock (_open) return _open.ContainsKey(name);
    }

    /// <summary>Opens the event's counter (nothing when it is open already); refusals in libvirt 9.0's words.</summary>
    public void Open(string name)
    {
        lock (_open)
        {
            if (_open.ContainsKey(name)) return;
            var attr = PerfEventAttrs.For(name);
            var type = attr.Kind == PerfEventKind.Rdt ? RdtType(name) : attr.Type;
            try
            {
                _open[name] = PerfCounter.Open(type, attr.Config, _pid);
            }
            catch (PlatformException e)
            {
                throw VirErrors.System($"unable to open host cpu perf event for {name}: {Marshal.GetPInvokeErrorMessage(e.Errno)}", VirErrorDomain.None);
            }
        }
    }

    public void Close(string name)
    {
        lock (_open)
            if (_open.Remove(name, out var c)) c.Dispose();
    }

    private void CloseAll()
    {
        lock (_open)
        {
            foreach (var c in _open.Values) c.Dispose();
            _open.Clear();
        }
    }

    /// <summary>The intel_cqm PMU's type; a host without one cannot count cmt/mbmt/mbml (libvirt's refusal).</summary>
    private static uint RdtType(string name)
    {
        try
        {
            if (uint.TryParse(File.ReadAllText(PerfEventAttrs.RdtTypeFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t != 0)
                return t;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no RDT monitoring on this host
        }
        throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.None, $"unable to enable host cpu perf event for {name}");
    }
}
