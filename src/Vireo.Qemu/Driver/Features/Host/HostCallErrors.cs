using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>libvirt's virCheckFlags sentence: VIR_ERR_INVALID_ARG worded whole, without the "invalid argument: " prefix.</summary>
internal static class HostCallErrors
{
    public static void CheckFlags(uint flags, uint allowed, string function, VirErrorDomain from) =>
        VirErrors.CheckFlags(flags, allowed, function, from);
}
