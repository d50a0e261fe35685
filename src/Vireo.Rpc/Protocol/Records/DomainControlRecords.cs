using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_set_lifecycle_action_args: {dom, type (virDomainLifecycle), action (virDomainLifecycleAction), flags}.</summary>
public readonly record struct DomainSetLifecycleActionArgs(DomainRef Dom, uint Type, uint Action, uint Flags) : IXdrRecord<DomainSetLifecycleActionArgs>
{
    public static DomainSetLifecycleActionArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Type);
        w.WriteUInt(Action);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_fstrim_args: {dom, mountPoint (optional), minimum (unsigned hyper, bytes), flags}.</summary>
public readonly record struct DomainFsTrimArgs(DomainRef Dom, string? MountPoint, ulong Minimum, uint Flags) : IXdrRecord<DomainFsTrimArgs>
{
    public static DomainFsTrimArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadOptionalString(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteOptionalString(MountPoint);
        w.WriteUHyper(Minimum);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_send_process_signal_args: {dom, pid_value (hyper), signum, flags}.</summary>
public readonly record struct DomainSendProcessSignalArgs(DomainRef Dom, long PidValue, uint Signum, uint Flags) : IXdrRecord<DomainSendProcessSignalArgs>
{
    public static DomainSendProcessSignalArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadHyper(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteHyper(PidValue);
        w.WriteUInt(Signum);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_get_launch_security_info_ret: {params&lt;REMOTE_DOMAIN_LAUNCH_SECURITY_INFO_PARAMS_MAX = 64&gt;}.</summary>
public readonly record struct DomainGetLaunchSecurityInfoRet(IReadOnlyList<TypedParameter> Params) : IXdrRecord<DomainGetLaunchSecurityInfoRet>
{
    public static DomainGetLaunchSecurityInfoRet Decode(ref XdrReader r) => new(r.ReadTypedParams(XdrLimits.LaunchSecurityInfoParamsMax));
    public void Encode(ref XdrWriter w) => w.WriteTypedParams(Params);
}
