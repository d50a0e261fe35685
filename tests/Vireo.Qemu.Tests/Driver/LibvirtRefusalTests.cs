using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Tests.Driver;

/// <summary>
/// The refusals the domain parity sweep found worded differently from libvirtd 9.0 (checked against it by
/// IntegrationTests' DomainCommandParityTests), each in libvirt's words, code and error domain.
/// </summary>
public sealed class LibvirtRefusalTests
{
    private static DomainObject Domain(bool persistent, bool running)
    {
        var def = DomainXml.Parse($"<domain type='qemu'><name>d</name><uuid>{Guid.NewGuid()}</uuid><memory>65536</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>");
        var dom = new DomainObject(def, persistentDefined: persistent);
        if (running) dom.SetActive(1, StateWithReason.Of(RunningReason.Booted));
        return dom;
    }

    private static VirException Refusal(Action a) => Assert.Throws<VirException>(a);

    [Fact]
    public void A_live_change_of_a_shut_off_domain_and_a_config_change_of_a_transient_one_say_what_libvirt_says()
    {
        var live = Refusal(() => DomainChanges.Targets(Domain(persistent: true, running: false), ModifyFlags.Live));
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Domain, "Requested operation is not valid: domain is not running"),
            (live.Code, live.ErrorDomain, live.Message));
        var config = Refusal(() => DomainChanges.Targets(Domain(persistent: false, running: true), ModifyFlags.Config));
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Domain, "Requested operation is not valid: transient domains do not have any persistent config"),
            (config.Code, config.ErrorDomain, config.Message));
    }

    [Fact]
    public void Reads_refuse_a_live_read_of_a_shut_off_domain_and_both_definitions_at_once()
    {
        var off = Domain(persistent: true, running: false);
        Assert.Equal("Requested operation is not valid: domain is not running", Refusal(() => DomainChanges.ReadTarget(off, ModifyFlags.Live)).Message);
        var both = Refusal(() => DomainChanges.ReadTarget(off, ModifyFlags.Live | ModifyFlags.Config));
        // virReportInvalidArg's sentence stands alone: no "invalid argument: " before it.
        Assert.Equal((VirErrorCode.InvalidArg, "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive"), (both.Code, both.Message));
        Assert.Same(off.Persistent, DomainChanges.ReadTarget(off, ModifyFlags.Current));
    }

    [Theory]
    [InlineData(LifecycleTrigger.Poweroff, LifecycleAction.CoredumpDestroy, "unsupported configuration: Lifecycle event 'poweroff' doesn't support 'coredump-destroy' action")]
    [InlineData(LifecycleTrigger.Reboot, LifecycleAction.CoredumpRestart, "unsupported configuration: Lifecycle event 'reboot' doesn't support 'coredump-restart' action")]
    public void A_core_dump_answers_only_a_crash(LifecycleTrigger type, LifecycleAction action, string expected) =>
        Assert.Equal(expected, Refusal(() => QemuLifecycle.CheckAllowed(type, action)).Message);

    [Fact]
    public void A_crash_may_dump_core()
    {
        QemuLifecycle.CheckAllowed(LifecycleTrigger.Crash, LifecycleAction.CoredumpRestart);
        QemuLifecycle.CheckAllowed(LifecycleTrigger.Reboot, LifecycleAction.Destroy);
    }

    [Fact]
    public void Unknown_flags_are_refused_in_libvirts_words_without_the_invalid_argument_prefix()
    {
        var e = Refusal(() => VirErrors.CheckFlags(0x18, 0x3, "qemuDomainShutdownFlags"));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.Qemu, "unsupported flags (0x18) in function qemuDomainShutdownFlags"), (e.Code, e.ErrorDomain, e.Message));
    }
}
