using Vireo.Core.Errors;

namespace Vireo.Rpc.Server;

/// <summary>The protocol-level errors libvirtd sends, worded exactly as captured.</summary>
public static class RpcErrors
{
    public static VirException NotOpen() => new(VirErrorCode.InternalError, VirErrorDomain.Rpc, "hypervisor connection not open");

    public static VirException AlreadyOpen() => new(VirErrorCode.InternalError, VirErrorDomain.Rpc, "connection already open");

    public static VirException AuthRequired() => new(VirErrorCode.Rpc, VirErrorDomain.Rpc, "authentication required");

    public static VirException UnknownProcedure(int proc) => new(VirErrorCode.Rpc, VirErrorDomain.Rpc, $"unknown procedure: {proc}");

    public static VirException UnknownProgram(uint prog, uint vers) => new(VirErrorCode.Rpc, VirErrorDomain.Rpc, $"Cannot find program {prog} version {vers}");

    public static VirException BadPayload() => new(VirErrorCode.Rpc, VirErrorDomain.Rpc, "Unable to decode message payload");

    public static VirException NoFdPassing() => new(VirErrorCode.Rpc, VirErrorDomain.Rpc, "file descriptor passing is not supported on this connection");

    /// <summary>
    /// virCheckReadOnlyGoto: VIR_ERR_OPERATION_DENIED naming the public API, from the part of libvirt the API
    /// belongs to (VIR_FROM_STORAGE for virStorage*, as libvirt-storage.c raises it; VIR_FROM_NONE for libvirt-qemu's APIs; VIR_FROM_DOMAIN otherwise).
    /// </summary>
    public static VirException ReadOnly(string api) =>
        new(VirErrorCode.OperationDenied, api.Contains("Qemu", StringComparison.Ordinal) ? VirErrorDomain.None // libvirt-qemu.c
            : api.StartsWith("virStorage", StringComparison.Ordinal) ? VirErrorDomain.Storage
            : api.StartsWith("virNetwork", StringComparison.Ordinal) ? VirErrorDomain.Network
            : api.StartsWith("virNodeDevice", StringComparison.Ordinal) ? VirErrorDomain.NodeDev
            : api.StartsWith("virSecret", StringComparison.Ordinal) ? VirErrorDomain.Secret
            : api.StartsWith("virInterface", StringComparison.Ordinal) ? VirErrorDomain.Interface : VirErrorDomain.Domain,
            $"read only access prevents {api}");

    /// <summary>A read allowed on a read-only connection except for one flag (libvirt: "operation forbidden: virDomainGetXMLDesc with secure flag").</summary>
    public static VirException Forbidden(string what) => new(VirErrorCode.OperationDenied, VirErrorDomain.Domain, what);

    /// <summary>virConnectOpen with a URI no driver accepts (VIR_ERR_NO_CONNECT, VIR_FROM_NONE).</summary>
    public static VirException NoDriver(string uri) => new(VirErrorCode.NoConnect, VirErrorDomain.None, uri);
}
