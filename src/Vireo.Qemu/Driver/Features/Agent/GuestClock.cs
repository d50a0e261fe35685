using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// The agent's clock commands in libvirt's units: guest-get-time answers nanoseconds since the epoch;
/// guest-set-time takes them, or nothing at all to make the guest set its clock from its RTC. Pure.
/// </summary>
internal static class GuestClock
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>guest-get-time's answer as seconds and nanoseconds (libvirt splits it the same way).</summary>
    public static GuestTime FromAgent(JsonNode? answer, string domainName)
    {
        if (answer is not JsonValue v || !v.TryGetValue(out long ns))
            throw VirErrors.Failed($"the guest agent of domain '{domainName}' answered guest-get-time without a time");
        var (seconds, rest) = Math.DivRem(ns, NanosPerSecond);
        // A clock before 1970 (a guest's RTC can be anywhere) still has 0 <= nanoseconds < 1e9.
        if (rest < 0) (seconds, rest) = (seconds - 1, rest + NanosPerSecond);
        return new GuestTime(seconds, (uint)rest);
    }

    /// <summary>guest-set-time's arguments: none for a sync from the RTC, else the time in nanoseconds.</summary>
    public static JsonObject? SetArguments(GuestTime time, SetTimeFlags flags)
    {
        if (flags.HasFlag(SetTimeFlags.Sync)) return null;
        if (time.Seconds > long.MaxValue / NanosPerSecond || time.Seconds < long.MinValue / NanosPerSecond)
            throw VirErrors.InvalidArg($"Time '{time.Seconds}' is too big for guest agent", VirErrorDomain.Qemu);
        return new JsonObject { ["time"] = time.Seconds * NanosPerSecond + time.Nanoseconds };
    }
}
