using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// domxml-to-native / domxml-from-native, cpu-models, cpu-compare and cpu-baseline, hypervisor-cpu-compare and
/// hypervisor-cpu-baseline over the driver's <see cref="IDomainXmlToNative"/>, <see cref="IDomainXmlFromNative"/>,
/// <see cref="IHostCpuModels"/>, <see cref="IHostCpuComparison"/> and <see cref="IHypervisorCpu"/>. libvirtd refuses both
/// conversions and both hypervisor CPU calls on the read-only socket (they are connect:write calls); a driver without
/// from-native answers "not supported" naming virConnectDomainXMLFromNative, as libvirt 9.0's QEMU driver does.
/// </summary>
public static class ConnectConversionProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.ConnectDomainXmlToNative, static async (CallContext c, DomainXmlNativeArgs a) =>
            new StringValue(await c.Feature<IDomainXmlToNative>("virConnectDomainXMLToNative").XmlToNativeAsync(a.Format, a.Config, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write(api: "virConnectDomainXMLToNative"));
        d.Register(RemoteProcedure.ConnectDomainXmlFromNative, static async (CallContext c, DomainXmlNativeArgs a) =>
            new StringValue(await c.Feature<IDomainXmlFromNative>("virConnectDomainXMLFromNative").XmlFromNativeAsync(a.Format, a.Config, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write(api: "virConnectDomainXMLFromNative"));

        d.RegisterSync(RemoteProcedure.ConnectGetCpuModelNames, static (CallContext c, CpuModelNamesArgs a) =>
        {
            var names = c.Feature<IHostCpuModels>("virConnectGetCPUModelNames").CpuModelNames(a.Arch, a.Flags);
            return new CpuModelNamesRet(a.NeedResults != 0 ? [.. names] : [], names.Count);
        });
        d.RegisterSync(RemoteProcedure.ConnectCompareCpu, static (CallContext c, CompareCpuArgs a) =>
            new IntValue(c.Feature<IHostCpuComparison>("virConnectCompareCPU").CompareCpu(a.Xml, a.Flags)));
        d.RegisterSync(RemoteProcedure.ConnectBaselineCpu, static (CallContext c, BaselineCpuArgs a) =>
            new StringValue(c.Feature<IHostCpuComparison>("virConnectBaselineCPU").BaselineCpu(a.XmlCpus, a.Flags)));

        d.Register(RemoteProcedure.ConnectCompareHypervisorCpu, static async (CallContext c, CompareHypervisorCpuArgs a) =>
            new IntValue(await c.Feature<IHypervisorCpu>("virConnectCompareHypervisorCPU")
                .CompareHypervisorCpuAsync(new HypervisorCpuTarget(a.Emulator, a.Arch, a.Machine, a.VirtType), a.XmlCpu, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write(api: "virConnectCompareHypervisorCPU"));
        d.Register(RemoteProcedure.ConnectBaselineHypervisorCpu, static async (CallContext c, BaselineHypervisorCpuArgs a) =>
            new StringValue(await c.Feature<IHypervisorCpu>("virConnectBaselineHypervisorCPU")
                .BaselineHypervisorCpuAsync(new HypervisorCpuTarget(a.Emulator, a.Arch, a.Machine, a.VirtType), a.XmlCpus, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write(api: "virConnectBaselineHypervisorCPU"));
    }
}
