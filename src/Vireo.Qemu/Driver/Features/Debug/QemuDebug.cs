using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Core.Keycodes;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Debug;

/// <summary>
/// inject-nmi and send-key, as libvirt's QEMU driver does them (qemuDomainInjectNMI, qemuDomainSendKey):
/// keys of any codeset are translated to QEMU's key numbers first, so a key QEMU cannot express fails
/// the whole call before anything is pressed.
/// </summary>
internal sealed class QemuDebug(DriverContext ctx) : IDomainDebug
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainDebug>(ctx => new QemuDebug(ctx));

    public async ValueTask InjectNmiAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "inject-nmi", ct).ConfigureAwait(false);
        var (_, monitor) = MonitorAccess.Running(dom);
        await MonitorAccess.RunAsync(monitor, QmpCommands.InjectNmi(), $"cannot inject an NMI into domain '{dom.Name}'", ct).ConfigureAwait(false);
    }

    public async ValueTask SendKeyAsync(Guid uuid, KeycodeSet codeset, uint holdtimeMs, IReadOnlyList<uint> keycodes, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        var qnums = ToQnums(codeset, keycodes);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "send-key", ct).ConfigureAwait(false);
        var (_, monitor) = MonitorAccess.Running(dom);
        await MonitorAccess.RunAsync(monitor, SendKeyCommand(qnums, holdtimeMs), $"cannot send keys to domain '{dom.Name}'", ct).ConfigureAwait(false);
    }

    /// <summary>Checks the request as virDomainSendKey and qemuDomainSendKey do, and translates every key.</summary>
    internal static int[] ToQnums(KeycodeSet codeset, IReadOnlyList<uint> keycodes)
    {
        if (!Enum.IsDefined(codeset))
            throw VirErrors.InvalidArg($"unknown keycode set {(int)codeset}: the codesets are 0 (linux) to 9 (qnum)");
        if (keycodes.Count == 0)
            throw VirErrors.InvalidArg("nkeycodes in virDomainSendKey must be greater than zero");
        if (keycodes.Count > Keycodes.MaxKeys)
            throw VirErrors.InvalidArg($"nkeycodes must be <= {Keycodes.MaxKeys}");
        var qnums = new int[keycodes.Count];
        for (int i = 0; i < qnums.Length; i++)
        {
            var code = keycodes[i];
            if (code > int.MaxValue || !Keycodes.TryToQnum(codeset, (int)code, out qnums[i]))
                throw VirErrors.Internal($"cannot translate keycode {code} of {Keycodes.NameOf(codeset)} codeset to qnum keycode");
        }
        return qnums;
    }

    /// <summary>QMP send-key with number keys; hold-time only when asked for (QEMU's default is 100 ms).</summary>
    internal static QmpCommand SendKeyCommand(IEnumerable<int> qnums, uint holdtimeMs)
    {
        var keys = new JsonArray();
        foreach (var q in qnums) keys.Add((JsonNode)new JsonObject { ["type"] = "number", ["data"] = q });
        var args = new JsonObject { ["keys"] = keys };
        if (holdtimeMs > 0) args["hold-time"] = holdtimeMs;
        return new QmpCommand("send-key", args);
    }
}
