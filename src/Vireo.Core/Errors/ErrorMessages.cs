namespace Vireo.Core.Errors;

/// <summary>
/// The generic text libvirt puts in front of an error's detail (virErrorMsg). The daemon sends the full
/// sentence, so clients print exactly what they would print against libvirtd, e.g.
/// "Domain not found: no domain with matching name 'x'".
/// </summary>
public static class ErrorMessages
{
    /// <summary>The format with a "%s" where the detail goes, as libvirt sends it in remote_error.str1.</summary>
    public static string Format(VirErrorCode code) => code switch
    {
        VirErrorCode.InternalError => "internal error: %s",
        VirErrorCode.NoMemory => "out of memory",
        VirErrorCode.NoSupport => "this function is not supported by the connection driver: %s",
        VirErrorCode.NoConnect => "no connection driver available for %s",
        VirErrorCode.InvalidConn => "invalid connection pointer in %s",
        VirErrorCode.InvalidDomain => "invalid domain pointer in %s",
        VirErrorCode.InvalidArg => "invalid argument: %s",
        VirErrorCode.OperationFailed => "operation failed: %s",
        VirErrorCode.OsType => "unknown OS type %s",
        VirErrorCode.NoKernel => "missing kernel information",
        VirErrorCode.NoSource => "missing source information for device %s",
        VirErrorCode.NoTarget => "missing target information for device %s",
        VirErrorCode.NoName => "missing name information in %s",
        VirErrorCode.NoOs => "missing operating system information for %s",
        VirErrorCode.NoDevice => "missing devices information for %s",
        VirErrorCode.XmlError => "XML error: %s",
        VirErrorCode.DomExist => "domain %s exists already",
        VirErrorCode.OperationDenied => "operation forbidden: %s",
        VirErrorCode.OpenFailed => "failed to open %s for reading",
        VirErrorCode.ReadFailed => "failed to read configuration file %s",
        VirErrorCode.ParseFailed => "failed to parse configuration file %s",
        VirErrorCode.ConfSyntax => "configuration file syntax error: %s",
        VirErrorCode.WriteFailed => "failed to write configuration file: %s",
        VirErrorCode.XmlDetail => "%s",
        VirErrorCode.SystemError => "%s",
        VirErrorCode.Rpc => "%s",
        VirErrorCode.NoDomain => "Domain not found: %s",
        VirErrorCode.NoNetwork => "Network not found: %s",
        VirErrorCode.NetworkExist => "this network exists already",
        VirErrorCode.InvalidStoragePool => "invalid storage pool pointer in %s",
        VirErrorCode.InvalidStorageVol => "invalid storage volume pointer in %s",
        VirErrorCode.NoStoragePool => "Storage pool not found: %s",
        VirErrorCode.NoStorageVol => "Storage volume not found: %s",
        VirErrorCode.StorageVolExist => "storage volume %s exists already",
        VirErrorCode.CpuIncompatible => "the CPU is incompatible with host CPU: %s",
        VirErrorCode.InvalidMac => "invalid MAC address: %s",
        VirErrorCode.AuthFailed => "authentication failed: %s",
        VirErrorCode.NoNodeDevice => "Node device not found: %s",
        VirErrorCode.NoSecurityModel => "Security model not found: %s",
        VirErrorCode.OperationInvalid => "Requested operation is not valid: %s",
        VirErrorCode.NoInterface => "Interface not found: %s",
        VirErrorCode.MultipleInterfaces => "multiple matching interfaces found: %s",
        VirErrorCode.ConfigUnsupported => "unsupported configuration: %s",
        VirErrorCode.OperationTimeout => "Timed out during operation: %s",
        VirErrorCode.InvalidDomainSnapshot => "Invalid snapshot: %s",
        VirErrorCode.NoDomainSnapshot => "Domain snapshot not found: %s",
        VirErrorCode.InvalidStream => "invalid stream pointer in %s",
        VirErrorCode.ArgumentUnsupported => "argument unsupported: %s",
        VirErrorCode.InvalidSecret => "Invalid secret: %s",
        VirErrorCode.NoSecret => "Secret not found: %s",
        VirErrorCode.SnapshotRevertRisky => "revert requires force: %s",
        VirErrorCode.OperationAborted => "operation aborted: %s",
        VirErrorCode.NoDomainMetadata => "metadata not found: %s",
        VirErrorCode.Overflow => "numerical overflow: %s",
        VirErrorCode.BlockCopyActive => "block copy still active: %s",
        VirErrorCode.OperationUnsupported => "Operation not supported: %s",
        VirErrorCode.AgentUnresponsive => "Guest agent is not responding: %s",
        VirErrorCode.ResourceBusy => "resource busy: %s",
        VirErrorCode.AccessDenied => "access denied: %s",
        VirErrorCode.XmlInvalidSchema => "XML document failed to validate against schema: %s",
        VirErrorCode.DeviceMissing => "device not found: %s",
        VirErrorCode.NoDomainCheckpoint => "Domain checkpoint not found: %s",
        VirErrorCode.NoDomainBackup => "Domain backup job id not found: %s",
        VirErrorCode.MultipleDomains => "multiple matching domains found: %s",
        _ => "%s",
    };

    /// <summary>The full message: the format with the detail put in.</summary>
    public static string Compose(VirErrorCode code, string detail)
    {
        var format = Format(code);
        // libvirt's virErrorMsg has a shorter form when there is no detail, e.g. "missing name information".
        if (detail.Length == 0)
        {
            foreach (var tail in new[] { ": %s", " in %s", " for %s", " %s" })
                if (format.EndsWith(tail, StringComparison.Ordinal)) return format[..^tail.Length];
        }
        return format.Contains("%s", StringComparison.Ordinal) ? format.Replace("%s", detail, StringComparison.Ordinal) : format;
    }
}
