using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh domjobabort (DOMAIN_ABORT_JOB 164), set-lifecycle-action (DOMAIN_SET_LIFECYCLE_ACTION 390), domfstrim
/// (DOMAIN_FSTRIM 294), guest-agent-timeout (DOMAIN_AGENT_SET_RESPONSE_TIMEOUT 420),
/// get-user-sshkeys/set-user-sshkeys (DOMAIN_AUTHORIZED_SSH_KEYS_GET/SET 424/425), domlaunchsecinfo (DOMAIN_GET_LAUNCH_SECURITY_INFO 396) and send-process-signal
/// (DOMAIN_SEND_PROCESS_SIGNAL 295), which libvirt's QEMU driver does not have either: it answers "not
/// supported" (after the read-only refusal, as libvirtd's client-facing checks come first).
/// </summary>
public static class DomainControlProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainAbortJob, static async (CallContext c, DomainArgs a) =>
        {
            await c.Driver.Lifecycle.AbortJobAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainAbortJob"));

        d.Register(RemoteProcedure.DomainSetLifecycleAction, static async (CallContext c, DomainSetLifecycleActionArgs a) =>
        {
            const string api = "virDomainSetLifecycleAction";
            c.CheckFlags(a.Flags, (uint)(ModifyFlags.Live | ModifyFlags.Config), api);
            await c.Driver.Lifecycle.SetLifecycleActionAsync(a.Dom.Uuid, LifecycleEventOf(a.Type), LifecycleActionOf(a.Action),
                (ModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetLifecycleAction"));

        d.Register(RemoteProcedure.DomainFsTrim, static async (CallContext c, DomainFsTrimArgs a) =>
        {
            await c.Feature<IDomainGuestAgent>("virDomainFSTrim").FsTrimAsync(a.Dom.Uuid, a.MountPoint, a.Minimum, a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainFSTrim"));

        d.Register(RemoteProcedure.DomainAgentSetResponseTimeout, static async (CallContext c, DomainIntFlagsArgs a) =>
        {
            await c.Feature<IDomainGuestAgent>("virDomainAgentSetResponseTimeout").SetAgentTimeoutAsync(a.Dom.Uuid, a.Value, a.Flags, c.Cancellation).ConfigureAwait(false);
            return new IntValue(0);
        }, ProcedureOptions.Write("virDomainAgentSetResponseTimeout"));

        d.Register(RemoteProcedure.DomainAuthorizedSshKeysGet, static async (CallContext c, DomainAuthorizedSshKeysGetArgs a) =>
            new DomainAuthorizedSshKeysGetRet(await c.Feature<IDomainGuestAgent>("virDomainAuthorizedSSHKeysGet")
                .AuthorizedSshKeysAsync(a.Dom.Uuid, a.User, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainAuthorizedSSHKeysGet"));

        d.Register(RemoteProcedure.DomainAuthorizedSshKeysSet, static async (CallContext c, DomainAuthorizedSshKeysSetArgs a) =>
        {
            await c.Feature<IDomainGuestAgent>("virDomainAuthorizedSSHKeysSet")
                .SetAuthorizedSshKeysAsync(a.Dom.Uuid, a.User, a.Keys, (AuthorizedSshKeysSetFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return new IntValue(0);
        }, ProcedureOptions.Write("virDomainAuthorizedSSHKeysSet"));

        d.RegisterSync(RemoteProcedure.DomainGetLaunchSecurityInfo, static (CallContext c, DomainFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, TypedParamCalls.StringOkay, "virDomainGetLaunchSecurityInfo");
            return new DomainGetLaunchSecurityInfoRet(c.Driver.Domains.LaunchSecurityInfo(a.Dom.Uuid, a.Flags));
        });

        // No driver of Vireo signals a guest's processes (libvirt's LXC driver does, its QEMU driver does not).
        d.RegisterSync(RemoteProcedure.DomainSendProcessSignal, static (CallContext c, DomainSendProcessSignalArgs _) =>
            NotSupported(c, "virDomainSendProcessSignal"), ProcedureOptions.Write("virDomainSendProcessSignal"));
    }

    /// <summary>libvirt's answer for an API the connection's driver lacks; the connection must be open.</summary>
    private static VoidRecord NotSupported(CallContext c, string api)
    {
        _ = c.Driver;
        throw VirErrors.NoSupport(api);
    }

    /// <summary>virDomainLifecycle as libvirt numbers it; another number is refused as libvirt's client library refuses it.</summary>
    private static LifecycleTrigger LifecycleEventOf(uint type) =>
        type <= (uint)LifecycleTrigger.Crash ? (LifecycleTrigger)type : throw VirErrors.InvalidArgSentence("type in virDomainSetLifecycleAction must be less than 3");

    /// <summary>virDomainLifecycleAction's numbers: destroy, restart, rename-restart, preserve, coredump-destroy, coredump-restart.</summary>
    private static LifecycleAction LifecycleActionOf(uint action) => action switch
    {
        0 => LifecycleAction.Destroy,
        1 => LifecycleAction.Restart,
        2 => LifecycleAction.RenameRestart,
        3 => LifecycleAction.Preserve,
        4 => LifecycleAction.CoredumpDestroy,
        5 => LifecycleAction.CoredumpRestart,
        _ => throw VirErrors.InvalidArgSentence("action in virDomainSetLifecycleAction must be less than 6"),
    };
}
