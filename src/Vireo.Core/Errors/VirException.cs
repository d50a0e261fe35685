namespace Vireo.Core.Errors;

/// <summary>
/// An error as libvirt reports it: a code, the part of the system it comes from, and a whole sentence.
/// Thrown anywhere below the edges; each edge (RPC, REST, CLI) maps it once.
/// </summary>
public sealed class VirException : Exception
{
    public VirException(VirErrorCode code, VirErrorDomain domain, string detail, Exception? inner = null)
        : base(ErrorMessages.Compose(code, detail), inner)
    {
        Code = code;
        ErrorDomain = domain;
        Detail = detail;
    }

    private VirException(VirErrorCode code, VirErrorDomain domain, string detail, string message, bool fromRemote)
        : base(message)
    {
        Code = code;
        ErrorDomain = domain;
        Detail = detail;
        _ = fromRemote;
    }

    /// <summary>
    /// An error received from a libvirt daemon (remote_error): the message is kept exactly as the daemon
    /// sent it, since its code may have a generic text we do not know.
    /// </summary>
    public static VirException FromRemote(VirErrorCode code, VirErrorDomain domain, string detail, string message) =>
        new(code, domain, detail, message, fromRemote: true);

    public VirErrorCode Code { get; }
    public VirErrorDomain ErrorDomain { get; }

    /// <summary>The part after the generic prefix (libvirt's str2); Message holds the full sentence.</summary>
    public string Detail { get; }

    /// <summary>libvirt's str1: the generic format of the code with "%s" for the detail.</summary>
    public string Format => ErrorMessages.Format(Code);

    /// <summary>
    /// remote_error's str1 when libvirt puts something else than <see cref="Format"/> there (virReportInvalidArg:
    /// the reporting function's name); null: the format.
    /// </summary>
    public string? Str1 { get; init; }

    /// <summary>remote_error's int1: -1, or the errno of a system error (virReportSystemError), or 0 from virReportInvalidArg.</summary>
    public int Int1 { get; init; } = -1;

    /// <summary>remote_error's int2: -1, or 0 from virReportInvalidArg.</summary>
    public int Int2 { get; init; } = -1;

    /// <summary>
    /// An error whose remote_error fields libvirt fills its own way (virRaiseErrorFull called directly, as by
    /// virReportInvalidArg): the message as given, str1, str2 (<see cref="Detail"/>), int1 and int2.
    /// </summary>
    public static VirException WithFields(VirErrorCode code, VirErrorDomain domain, string message, string str1, string str2, int int1, int int2) =>
        new(code, domain, str2, message, fromRemote: false) { Str1 = str1, Int1 = int1, Int2 = int2 };

}
