using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.IoThreads;

/// <summary>
/// libvirt 9.0's QEMU-driver rules for virsh iothreadset, with its codes and sentences (measured against a sandboxed
/// libvirtd): the ranges of the values, then per definition the IOThread's existence and the pool bounds, the
/// current ones standing in for those not given (-1 when unset, so a minimum without a maximum is refused). The
/// polling values exist only in the running QEMU and are refused for the saved definition. Pure.
/// </summary>
internal static class IoThreadParamRules
{
    /// <summary>QEMU takes the polling values as int64, libvirt passes them only up to INT_MAX.</summary>
    public static void CheckRanges(IoThreadParams p)
    {
        Limit("poll-max-ns", p.PollMaxNs);
        Limit("poll-grow", p.PollGrow);
        Limit("poll-shrink", p.PollShrink);
        if (p.ThreadPoolMin is < -1 and var min)
            throw VirErrors.Unsupported($"thread_pool_min ({min}) must be equal to or greater than -1", VirErrorDomain.Qemu);
        if (p.ThreadPoolMax is (< -1 or 0) and var max)
            throw VirErrors.Unsupported($"thread_pool_max ({max}) must be a positive number or -1", VirErrorDomain.Qemu);
    }

    /// <summary>The checks against the saved definition, which come before those against the running guest.</summary>
    public static void CheckConfig(DomainDef saved, uint id, IoThreadParams p)
    {
        CheckOrder(Find(saved, id), p);
        if (p.SetsPolling)
            throw VirErrors.OperationUnsupported("configuring persistent polling values is not supported", VirErrorDomain.Qemu);
    }

    /// <summary>The checks against the running guest's definition: QEMU takes no -1 ("default") once it runs.</summary>
    public static void CheckLive(DomainDef live, uint id, IoThreadParams p)
    {
        var thread = Find(live, id);
        if (p.ThreadPoolMin is < 0 and var min)
            throw VirErrors.Invalid($"thread_pool_min ({min}) must be equal to or greater than 0 for live change", VirErrorDomain.Qemu);
        if (p.ThreadPoolMax is < 0 and var max)
            throw VirErrors.Invalid($"thread_pool_max ({max}) must be equal to or greater than 0 for live change", VirErrorDomain.Qemu);
        CheckOrder(thread, p);
    }

    /// <summary>
    /// The definition with the new pool bounds (-1: back to QEMU's default). libvirt 9.0 leaves the live definition
    /// alone when polling values come in the same call, though QEMU took the bounds; vireod records them.
    /// </summary>
    public static DomainDef Applied(DomainDef def, uint id, IoThreadParams p)
    {
        var thread = Find(def, id);
        return IoThreadSet.WithPool(def, id, Unset(p.ThreadPoolMin ?? thread.ThreadPoolMin), Unset(p.ThreadPoolMax ?? thread.ThreadPoolMax));
    }

    private static IoThreadIdDef Find(DomainDef def, uint id) =>
        IoThreadSet.Find(def, id) ?? throw VirErrors.InvalidArg($"cannot find IOThread '{id}' in iothreadids", VirErrorDomain.Qemu);

    private static void CheckOrder(IoThreadIdDef thread, IoThreadParams p)
    {
        int min = p.ThreadPoolMin ?? thread.ThreadPoolMin ?? -1, max = p.ThreadPoolMax ?? thread.ThreadPoolMax ?? -1;
        if (min > max)
            throw VirErrors.Invalid($"thread_pool_min ({min}) can't be greater than thread_pool_max ({max})", VirErrorDomain.Qemu);
    }

    private static void Limit(string name, ulong? value)
    {
        if (value > int.MaxValue)
            throw VirErrors.Unsupported($"{name} ({value}) must be less than or equal to {int.MaxValue}", VirErrorDomain.Qemu);
    }

    private static int? Unset(int? bound) => bound is -1 ? null : bound;
}
