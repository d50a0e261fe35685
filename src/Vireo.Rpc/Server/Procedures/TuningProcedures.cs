using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// CPU tuning over the driver's <see cref="IDomainTuning"/> and <see cref="IDomainCpuPinning"/>:
/// schedinfo (scheduler type and parameters, old and _FLAGS forms), memtune, blkiotune, vcpupin and
/// emulatorpin. vcpuinfo and vcpupin's read are DOMAIN_GET_VCPUS / GET_VCPU_PIN_INFO (standard reads).
/// Gets answer without a job; sets are writes.
/// </summary>
public static class TuningProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.DomainGetSchedulerType, static (CallContext c, DomainArgs a) =>
        {
            var (type, n) = Tuning(c, "virDomainGetSchedulerType").SchedulerType(a.Dom.Uuid);
            return new SchedulerTypeRet(type, n);
        });
        d.Register(RemoteProcedure.DomainGetSchedulerParameters, static async (CallContext c, DomainIntArgs a) =>
        {
            var all = await Tuning(c, "virDomainGetSchedulerParameters").GetSchedulerParametersAsync(a.Dom.Uuid, ModifyFlags.Current, c.Cancellation).ConfigureAwait(false);
            return new TypedParamsRet(all.Take(Math.Max(0, a.Value)).ToArray());
        });
        d.Register(RemoteProcedure.DomainGetSchedulerParametersFlags, static async (CallContext c, DomainIntFlagsArgs a) =>
        {
            const string api = "virDomainGetSchedulerParametersFlags";
            var all = await Tuning(c, api).GetSchedulerParametersAsync(a.Dom.Uuid, TypedParamCalls.Modify(c, a.Flags, api), c.Cancellation).ConfigureAwait(false);
            return new TypedParamsRet(TypedParamCalls.Sendable(all, a.Flags).Take(Math.Max(0, a.Value)).ToArray());
        });
        d.Register(RemoteProcedure.DomainSetSchedulerParameters, static async (CallContext c, DomainSetParamsArgs a) =>
        {
            await Tuning(c, "virDomainSetSchedulerParameters").SetSchedulerParametersAsync(a.Dom.Uuid, a.Params, ModifyFlags.Current, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetSchedulerParameters"));
        d.Register(RemoteProcedure.DomainSetSchedulerParametersFlags, static async (CallContext c, DomainSetParamsFlagsArgs a) =>
        {
            const string api = "virDomainSetSchedulerParametersFlags";
            await Tuning(c, api).SetSchedulerParametersAsync(a.Dom.Uuid, a.Params, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetSchedulerParametersFlags"));

        RegisterTypedParameters(d, RemoteProcedure.DomainGetMemoryParameters, RemoteProcedure.DomainSetMemoryParameters, "Memory",
            static (t, uuid, flags, ct) => t.GetMemoryParametersAsync(uuid, flags, ct), static (t, uuid, ps, flags, ct) => t.SetMemoryParametersAsync(uuid, ps, flags, ct));
        // libvirt answers blkiotune's count before it looks at the domain's state (memtune's and numatune's after).
        RegisterTypedParameters(d, RemoteProcedure.DomainGetBlkioParameters, RemoteProcedure.DomainSetBlkioParameters, "Blkio",
            static (t, uuid, flags, ct) => t.GetBlkioParametersAsync(uuid, flags, ct), static (t, uuid, ps, flags, ct) => t.SetBlkioParametersAsync(uuid, ps, flags, ct),
            countInAnyState: true);

        d.Register(RemoteProcedure.DomainPinVcpu, static async (CallContext c, DomainPinVcpuNoFlagsArgs a) =>
        {
            await PinVcpuAsync(c, "virDomainPinVcpu", a.Dom, a.Vcpu, a.CpuMap, ModifyFlags.Live).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainPinVcpu"));
        d.Register(RemoteProcedure.DomainPinVcpuFlags, static async (CallContext c, DomainPinVcpuArgs a) =>
        {
            const string api = "virDomainPinVcpuFlags";
            await PinVcpuAsync(c, api, a.Dom, a.Vcpu, a.CpuMap, TypedParamCalls.Modify(c, a.Flags, api, 0)).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainPinVcpuFlags"));
        d.Register(RemoteProcedure.DomainPinEmulator, static async (CallContext c, DomainPinEmulatorArgs a) =>
        {
            const string api = "virDomainPinEmulator";
            var map = Bitmaps.Unpack(a.CpuMap, a.CpuMap.Length * 8);
            await Pinning(c, api).PinEmulatorAsync(a.Dom.Uuid, map, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainPinEmulator"));
        d.RegisterSync(RemoteProcedure.DomainGetEmulatorPinInfo, static (CallContext c, DomainIntFlagsArgs a) =>
        {
            const string api = "virDomainGetEmulatorPinInfo";
            var map = Pinning(c, api).EmulatorPinInfo(a.Dom.Uuid, TypedParamCalls.Modify(c, a.Flags, api, 0));
            // ret is 1 when the emulator threads have a pin (libvirt answers 1 for any running or defined domain).
            return new CpuMapsRet(Bitmaps.Pack(map, Math.Max(0, a.Value)), 1);
        });
    }

    /// <summary>
    /// A get/set pair of typed-parameter calls with libvirt's flags (virDomainGet/Set{kind}Parameters): the get
    /// answers in two phases (count first, then values), the set is a write.
    /// </summary>
    private static void RegisterTypedParameters(RpcDispatcher d, RemoteProcedure get, RemoteProcedure set, string kind,
        Func<IDomainTuning, Guid, ModifyFlags, CancellationToken, ValueTask<IReadOnlyList<Core.Params.TypedParameter>>> read,
        Func<IDomainTuning, Guid, IReadOnlyList<Core.Params.TypedParameter>, ModifyFlags, CancellationToken, ValueTask> write,
        bool countInAnyState = false)
    {
        var getApi = $"virDomainGet{kind}Parameters";
        var setApi = $"virDomainSet{kind}Parameters";
        d.Register(get, async (CallContext c, DomainIntFlagsArgs a) =>
        {
            var flags = TypedParamCalls.Modify(c, a.Flags, getApi);
            // The count is the same for either definition: the one a plain read answers from is asked.
            if (countInAnyState && a.Value == 0) flags = ModifyFlags.Current;
            var all = await read(Tuning(c, getApi), a.Dom.Uuid, flags, c.Cancellation).ConfigureAwait(false);
            return TypedParamCalls.TwoPhase(all, a.Value, a.Flags);
        });
        d.Register(set, async (CallContext c, DomainSetParamsFlagsArgs a) =>
        {
            await write(Tuning(c, setApi), a.Dom.Uuid, a.Params, TypedParamCalls.Modify(c, a.Flags, setApi, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write(setApi));
    }

    /// <summary>libvirt's vCPU map: bit j of byte i is host CPU i*8+j (only as many bits as the map holds).</summary>
    private static ValueTask PinVcpuAsync(CallContext c, string api, Core.State.DomainRef dom, uint vcpu, byte[] cpuMap, ModifyFlags flags) =>
        Pinning(c, api).PinVcpuAsync(dom.Uuid, checked((int)vcpu), Bitmaps.Unpack(cpuMap, cpuMap.Length * 8), flags, c.Cancellation);

    private static IDomainTuning Tuning(CallContext c, string api) => c.Feature<IDomainTuning>(api);

    private static IDomainCpuPinning Pinning(CallContext c, string api) => c.Feature<IDomainCpuPinning>(api);
}
