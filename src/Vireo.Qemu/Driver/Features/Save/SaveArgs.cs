using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>The argument checks libvirt makes before a save or restore reaches its driver.</summary>
internal static class SaveArgs
{
    public const SaveFlags Known = SaveFlags.BypassCache | SaveFlags.Running | SaveFlags.Paused | SaveFlags.ResetNvram;

    public static void CheckFlags(SaveFlags flags, string function)
    {
        VirErrors.CheckFlags((uint)flags, (uint)Known, function);
        if (flags.HasFlag(SaveFlags.Running) && flags.HasFlag(SaveFlags.Paused))
            throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
    }

    /// <summary>libvirt's client library makes the path absolute before sending it; the daemon's working directory means nothing to a client.</summary>
    public static void RequireAbsolute(string path)
    {
        if (!Path.IsPathRooted(path))
            throw VirErrors.InvalidArg($"save image path '{path}' is not absolute: the daemon cannot know the client's working directory");
    }
}
