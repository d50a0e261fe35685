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
}
