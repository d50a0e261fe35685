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

    public VirErrorCode Code { get; }
    public VirErrorDomain ErrorDomain { get; }

    /// <summary>The part after the generic prefix (libvirt's str2); Message holds the full sentence.</summary>
    public string Detail { get; }

    /// <summary>libvirt's str1: the generic format of the code with "%s" for the detail.</summary>
    public string Format => ErrorMessages.Format(Code);
}
