using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Debug;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.DirtyRate;

/// <summary>
/// virsh domdirtyrate-calc as libvirt 9.0's QEMU driver does it: the period is checked, the domain's job taken, the
/// guest must run, and calc-dirty-rate starts QEMU's measurement (QEMU's own refusal, e.g. a measurement already
/// running, comes back in libvirt's "unable to execute QEMU command" words). The dirty-ring mode needs KVM's dirty
/// ring, which no guest here has, and is refused with libvirt's sentence. Unlike libvirt, the dirty-bitmap mode is
/// refused for a guest that does not run under KVM: QEMU 7.2 crashes (SIGSEGV) when asked for it under TCG, which
/// libvirtd lets happen.
/// </summary>
internal sealed class QemuDirtyRate(DriverContext ctx) : IDomainDirtyRate
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainDirtyRate>(ctx => new QemuDirtyRate(ctx));

    public async ValueTask StartDirtyRateCalcAsync(Guid uuid, int seconds, DirtyRateMode mode, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        DirtyRateQmp.CheckSeconds(seconds);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "domdirtyrate-calc", ct).ConfigureAwait(false);
        var (guest, monitor) = MonitorAccess.Running(dom);
        if (mode == DirtyRateMode.DirtyRing)
            throw VirErrors.OperationUnsupported("dirty-ring calculation mode requires dirty-ring feature enabled.", VirErrorDomain.Qemu);
        if (mode == DirtyRateMode.DirtyBitmap && guest.Live.Type != DomainTypes.Kvm)
            throw VirErrors.OperationUnsupported(
                $"dirty-bitmap calculation mode requires a KVM guest: domain '{dom.Name}' runs under TCG, where QEMU cannot log dirty pages this way", VirErrorDomain.Qemu);
        try
        {
            await monitor.ExecuteAsync(DirtyRateQmp.Calc(seconds, mode), ct).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw e.AsLibvirtError();
        }
        catch (QmpClosedException)
        {
            throw VirErrors.Failed($"cannot start the dirty rate calculation of domain '{dom.Name}': QEMU exited before it answered");
        }
    }
}
