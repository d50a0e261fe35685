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
