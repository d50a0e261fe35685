using System.Text.RegularExpressions;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;

namespace Vireo.Rpc.Server;

/// <summary>
/// Which QMP events one QEMU monitor event callback wants, as libvirt's virDomainQemuMonitorEventStateRegisterID
/// decides: one domain or all; one event name (exactly, or ignoring case with NOCASE) or all; with REGEX the name
/// is an extended regular expression that may match anywhere in the event's name.
/// </summary>
public static class QemuMonitorEventFilter
{
    private const string Function = "virDomainQemuMonitorEventStateRegisterID";

    public static Func<QemuMonitorEvent, bool> Create(DomainRef? dom, string? eventName, uint flags)
    {
        VirErrors.CheckFlags(flags, QemuProtocol.EventRegex | QemuProtocol.EventNoCase, Function, VirErrorDomain.None);
        var name = NameFilter(eventName, flags);
        if (dom is not { } d) return name;
        var uuid = d.Uuid;
        return e => e.Domain.Uuid == uuid && name(e);
    }

    private static Func<QemuMonitorEvent, bool> NameFilter(string? eventName, uint flags)
    {
        if (eventName is null) return static _ => true;
        var nocase = (flags & QemuProtocol.EventNoCase) != 0;
        if ((flags & QemuProtocol.EventRegex) == 0)
        {
            var comparison = nocase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return e => string.Equals(e.Name, eventName, comparison);
        }
        Regex regex;
        try
        {
            regex = new Regex(eventName, RegexOptions.CultureInvariant | (nocase ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw VirErrors.InvalidArg($"failed to compile regex '{eventName}': {e.Message}", VirErrorDomain.None);
        }
        return e => regex.IsMatch(e.Name);
    }
}
