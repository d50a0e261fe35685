namespace Vireo.Core.Errors;

/// <summary>Factories for the errors every driver raises, worded as libvirt words them.</summary>
public static class VirErrors
{
    public static VirException NoDomainByName(string name, VirErrorDomain from = VirErrorDomain.Qemu) =>
        new(VirErrorCode.NoDomain, from, $"no domain with matching name '{name}'");

    public static VirException NoDomainByUuid(Guid uuid, VirErrorDomain from = VirErrorDomain.Qemu) =>
        new(VirErrorCode.NoDomain, from, $"no domain with matching uuid '{uuid:D}'");

    public static VirException NoDomainById(int id, VirErrorDomain from = VirErrorDomain.Qemu) =>
        new(VirErrorCode.NoDomain, from, $"no domain with matching id {id}");

    public static VirException NotRunning(string? name = null) =>
        new(VirErrorCode.OperationInvalid, VirErrorDomain.Domain, "domain is not running");

    /// <summary>A change of the saved definition asked of a domain that has none (virDomainObjUpdateModificationImpact).</summary>
    public static VirException TransientHasNoConfig() =>
        new(VirErrorCode.OperationInvalid, VirErrorDomain.Domain, "transient domains do not have any persistent config");

    public static VirException AlreadyActive(string name) =>
        new(VirErrorCode.OperationInvalid, VirErrorDomain.Domain, $"domain '{name}' is already active");

    public static VirException Invalid(string detail, VirErrorDomain from = VirErrorDomain.Domain) =>
        new(VirErrorCode.OperationInvalid, from, detail);

    public static VirException Internal(string detail, VirErrorDomain from = VirErrorDomain.Qemu) =>
        new(VirErrorCode.InternalError, from, detail);

    public static VirException Failed(string detail, VirErrorDomain from = VirErrorDomain.Qemu) =>
        new(VirErrorCode.OperationFailed, from, detail);

    public static VirException Xml(string detail) =>
        new(VirErrorCode.XmlError, VirErrorDomain.Domain, detail);

    /// <summary>A document whose root is not the element expected, worded and placed as libvirt's virXMLParse reports it.</summary>
    public static VirException WrongRoot(string expected, string actual) =>
        new(VirErrorCode.XmlError, VirErrorDomain.Xml, $"expecting root element of '{expected}', not '{actual}'");

    public static VirException Unsupported(string detail, VirErrorDomain from = VirErrorDomain.Domain) =>
        new(VirErrorCode.ConfigUnsupported, from, detail);

    public static VirException InvalidArg(string detail, VirErrorDomain from = VirErrorDomain.Domain) =>
        new(VirErrorCode.InvalidArg, from, detail);

    /// <summary>
    /// VIR_ERR_INVALID_ARG as libvirt's virReportInvalidArg words it (virCheckFlags, VIR_EXCLUSIVE_FLAGS and
    /// their kind): the sentence alone, without the "invalid argument: " prefix of the code.
    /// </summary>
    public static VirException InvalidArgSentence(string sentence, VirErrorDomain from = VirErrorDomain.Domain) =>
        VirException.FromRemote(VirErrorCode.InvalidArg, from, sentence, sentence);

    /// <summary>
    /// virCheckNonNullArg's error, raised by libvirt's public API on either side of the wire: the sentence alone
    /// ("uri in virDomainGetMetadata must not be NULL"), the function as str1 and the argument as str2.
    /// </summary>
    public static VirException NonNullArg(string argument, string function, VirErrorDomain from = VirErrorDomain.Domain) =>
        VirException.WithFields(VirErrorCode.InvalidArg, from, $"{argument} in {function} must not be NULL", function, argument, 0, 0);

    /// <summary>virCheckFlags: the flags outside <paramref name="allowed"/> are refused, naming libvirt's driver function.</summary>
    public static void CheckFlags(uint flags, uint allowed, string function, VirErrorDomain from = VirErrorDomain.Qemu)
    {
        var unknown = flags & ~allowed;
        if (unknown != 0) throw UnsupportedFlags(unknown, function, from);
    }

    /// <summary>
    /// virCheckFlags' error as virReportInvalidArg fills it: the sentence alone, and in remote_error the reporting
    /// function as str1, the argument's name "flags" as str2, int1 and int2 0 (python-libvirt's get_str1() ... show them).
    /// </summary>
    public static VirException UnsupportedFlags(uint unknown, string function, VirErrorDomain from) =>
        VirException.WithFields(VirErrorCode.InvalidArg, from, $"unsupported flags (0x{unknown:x}) in function {function}", function, "flags", 0, 0);

    public static VirException NoSupport(string function, VirErrorDomain from = VirErrorDomain.Domain) =>
        new(VirErrorCode.NoSupport, from, function);

    public static VirException OperationUnsupported(string detail, VirErrorDomain from = VirErrorDomain.Domain) =>
        new(VirErrorCode.OperationUnsupported, from, detail);

    public static VirException System(string detail, VirErrorDomain from = VirErrorDomain.Qemu) =>
        new(VirErrorCode.SystemError, from, detail);
}
