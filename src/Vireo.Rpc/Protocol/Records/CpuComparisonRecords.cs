using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_connect_compare_cpu_args: {xml, flags}; the reply is remote_connect_compare_cpu_ret {result} (<see cref="IntValue"/>).</summary>
public readonly record struct CompareCpuArgs(string Xml, uint Flags) : IXdrRecord<CompareCpuArgs>
{
    public static CompareCpuArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Xml);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_connect_baseline_cpu_args: {xmlCPUs&lt;REMOTE_CPU_BASELINE_MAX&gt;, flags}; the reply is
/// remote_connect_baseline_cpu_ret {cpu} (<see cref="StringValue"/>).
/// </summary>
public readonly record struct BaselineCpuArgs(string[] XmlCpus, uint Flags) : IXdrRecord<BaselineCpuArgs>
{
    /// <summary>REMOTE_CPU_BASELINE_MAX.</summary>
    public const int Max = 256;

    public static BaselineCpuArgs Decode(ref XdrReader r) => new(r.ReadStrings(Max), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteStrings(XmlCpus);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_connect_compare_hypervisor_cpu_args: {emulator, arch, machine, virttype (each optional), xmlCPU, flags};
/// the reply is remote_connect_compare_hypervisor_cpu_ret {result} (<see cref="IntValue"/>).
/// </summary>
public readonly record struct CompareHypervisorCpuArgs(string? Emulator, string? Arch, string? Machine, string? VirtType, string XmlCpu, uint Flags)
    : IXdrRecord<CompareHypervisorCpuArgs>
{
    public static CompareHypervisorCpuArgs Decode(ref XdrReader r) =>
        new(r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalString(Emulator);
        w.WriteOptionalString(Arch);
        w.WriteOptionalString(Machine);
        w.WriteOptionalString(VirtType);
        w.WriteString(XmlCpu);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_connect_baseline_hypervisor_cpu_args: {emulator, arch, machine, virttype (each optional),
/// xmlCPUs&lt;REMOTE_CPU_BASELINE_MAX&gt;, flags}; the reply is remote_connect_baseline_hypervisor_cpu_ret {cpu}
/// (<see cref="StringValue"/>).
/// </summary>
public readonly record struct BaselineHypervisorCpuArgs(string? Emulator, string? Arch, string? Machine, string? VirtType, string[] XmlCpus, uint Flags)
    : IXdrRecord<BaselineHypervisorCpuArgs>
{
    public static BaselineHypervisorCpuArgs Decode(ref XdrReader r) =>
        new(r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadStrings(BaselineCpuArgs.Max), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalString(Emulator);
        w.WriteOptionalString(Arch);
        w.WriteOptionalString(Machine);
        w.WriteOptionalString(VirtType);
        w.WriteStrings(XmlCpus);
        w.WriteUInt(Flags);
    }
}
