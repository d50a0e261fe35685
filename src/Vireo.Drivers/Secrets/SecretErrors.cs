using Vireo.Core.Errors;

namespace Vireo.Drivers.Secrets;

/// <summary>The secret driver's errors, worded as libvirtd 9.0's secret driver words them (compared with a real libvirtd by hand).</summary>
public static class SecretErrors
{
    private const VirErrorDomain From = VirErrorDomain.Secret;

    public static VirException NoSecretByUuid(Guid uuid) => new(VirErrorCode.NoSecret, From, $"no secret with matching uuid '{uuid:D}'");

    public static VirException NoSecretByUsage(string usageId) => new(VirErrorCode.NoSecret, From, $"no secret with matching usage '{usageId}'");

    public static VirException NoValue(Guid uuid) => new(VirErrorCode.NoSecret, From, $"secret '{uuid:D}' does not have a value");

    public static VirException IsPrivate() => new(VirErrorCode.InvalidSecret, From, "secret is private");

    /// <summary>A new secret whose usage another secret (another uuid) already has.</summary>
    public static VirException UsageTaken(Guid holder, string usageId) =>
        new(VirErrorCode.InternalError, From, $"a secret with UUID {holder:D} already defined for use with {usageId}");

    /// <summary>A redefinition that would change the usage of an existing secret (the sentence differs from <see cref="UsageTaken"/>, as libvirt's).</summary>
    public static VirException UsageChanged(Guid uuid, string? usageId) =>
        new(VirErrorCode.InternalError, From, $"a secret with UUID {uuid:D} is already defined for use with {usageId ?? "(null)"}");

    public static VirException CannotMakePublic() => new(VirErrorCode.InternalError, From, "cannot change private flag on existing secret");

    /// <summary>libvirt's virCheckFlags: VIR_ERR_INVALID_ARG with its own whole sentence, without the "invalid argument: " prefix.</summary>
    public static VirException UnsupportedFlags(uint flags, string function)
    {
        var sentence = $"unsupported flags (0x{flags:x}) in function {function}";
        return VirException.FromRemote(VirErrorCode.InvalidArg, From, sentence, sentence);
    }

    public static VirException Xml(string detail) => new(VirErrorCode.XmlError, From, detail);

    public static VirException Internal(string detail) => new(VirErrorCode.InternalError, From, detail);

    public static VirException System(string detail) => new(VirErrorCode.SystemError, From, detail);
}
