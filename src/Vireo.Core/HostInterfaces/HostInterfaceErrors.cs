using Vireo.Core.Errors;

namespace Vireo.Core.HostInterfaces;

/// <summary>
/// The host interface errors in libvirt 9.0's words: its udev interface backend's (VIR_FROM_INTERFACE), and
/// those of the helpers it calls for files and links (VIR_FROM_NONE). Measured against libvirtd where this host
/// can show them; the rest from the backend's source.
/// </summary>
public static class HostInterfaceErrors
{
    private const VirErrorDomain From = VirErrorDomain.Interface;

    public static VirException NoSuchName(string name) => new(VirErrorCode.NoInterface, From, $"couldn't find interface named '{name}'");

    public static VirException NoSuchMac(string mac) => new(VirErrorCode.NoInterface, From, $"couldn't find interface with MAC address '{mac}'");

    public static VirException SeveralMacs(string mac) => new(VirErrorCode.MultipleInterfaces, From, $"the MAC address '{mac}' matches multiple interfaces");

    public static VirException Internal(string detail) => new(VirErrorCode.InternalError, From, detail);

    public static VirException Missing(string attribute, string name) => Internal($"Could not retrieve '{attribute}' for '{name}'");

    public static VirException Unparsable(string attribute, string value, string name) => Internal($"Could not parse '{attribute}' '{value}' for '{name}'");

    /// <summary>virFileReadAll's failure: a system error (VIR_FROM_NONE) carrying the errno.</summary>
    public static VirException CannotOpen(FileText file) =>
        new(VirErrorCode.SystemError, VirErrorDomain.None, $"Failed to open file '{file.Path}': {file.Error}") { Int1 = file.Errno };

    /// <summary>scandir of a bridge's brif/ failed (virReportSystemError, VIR_FROM_INTERFACE).</summary>
    public static VirException NoBridgeMembers(string name) =>
        new(VirErrorCode.SystemError, From, $"Could not get members of bridge '{name}': No such file or directory") { Int1 = 2 };

    /// <summary>virNetDevGetLinkInfo could not make sense of operstate (VIR_FROM_NONE).</summary>
    public static VirException UnparsableOperState(string? state) => new(VirErrorCode.InternalError, VirErrorDomain.None, $"Unable to parse: {state}");
}
