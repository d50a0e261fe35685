using Vireo.Core.Errors;

namespace Vireo.Core.Networks;

/// <summary>The network driver's errors, worded as libvirt 9.0's network driver words them (checked against libvirtd 9.0 by hand).</summary>
public static class NetworkErrors
{
    private const VirErrorDomain From = VirErrorDomain.Network;

    public static VirException NoNetworkByName(string name) => new(VirErrorCode.NoNetwork, From, $"no network with matching name '{name}'");

    public static VirException NoNetworkByUuid(Guid uuid) => new(VirErrorCode.NoNetwork, From, $"no network with matching uuid '{uuid:D}'");

    public static VirException NoNetworkByUuid(Guid uuid, string name) => new(VirErrorCode.NoNetwork, From, $"no network with matching uuid '{uuid:D}' ({name})");

    public static VirException NotActive(string name) => new(VirErrorCode.OperationInvalid, From, $"network '{name}' is not active");

    public static VirException AlreadyActive() => new(VirErrorCode.OperationInvalid, From, "network is already active");

    public static VirException Exists(string name, Guid uuid) => new(VirErrorCode.OperationFailed, From, $"network '{name}' already exists with uuid {uuid:D}");

    public static VirException UuidTaken(Guid uuid, string name) => new(VirErrorCode.OperationFailed, From, $"network '{name}' is already defined with uuid {uuid:D}");

    public static VirException BridgeInUse(string bridge) => new(VirErrorCode.InternalError, From, $"bridge name '{bridge}' already in use.");

    public static VirException TransientAutostart() => new(VirErrorCode.OperationInvalid, From, "cannot set autostart for transient network");

    public static VirException NoBridgeName(string name) => new(VirErrorCode.InternalError, From, $"network '{name}' does not have a bridge name.");

    public static VirException Xml(string message) => new(VirErrorCode.XmlError, From, message);

    public static VirException Unsupported(string message) => new(VirErrorCode.ConfigUnsupported, From, message);

    public static VirException System(string message) => new(VirErrorCode.SystemError, From, message);
}
