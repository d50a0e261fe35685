using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// Tuning, device and block-job procedures (modelled here; dispatched by the features that implement them).

/// <summary>remote_domain_send_key_args.</summary>
public readonly record struct DomainSendKeyArgs(DomainRef Dom, uint Codeset, uint Holdtime, uint[] Keycodes, uint Flags) : IXdrRecord<DomainSendKeyArgs>
{
    public static DomainSendKeyArgs Decode(ref XdrReader r)
    {
        var dom = r.ReadDomain();
        var codeset = r.ReadUInt();
        var hold = r.ReadUInt();
        var n = r.ReadCount(XdrLimits.DomainSendKeyMax);
        var keys = new uint[n];
        for (var i = 0; i < n; i++) keys[i] = r.ReadUInt();
        return new DomainSendKeyArgs(dom, codeset, hold, keys, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Codeset);
        w.WriteUInt(Holdtime);
        w.WriteInt(Keycodes.Length);
        foreach (var k in Keycodes) w.WriteUInt(k);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; unsigned int value; unsigned int flags}: screenshot (screen), open graphics (idx), disk errors (maxerrors), set vcpus flags (nvcpus).</summary>
public readonly record struct DomainUIntFlagsArgs(DomainRef Dom, uint Value, uint Flags) : IXdrRecord<DomainUIntFlagsArgs>
{
    public static DomainUIntFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Value);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; unsigned int value}: set vcpus (nvcpus).</summary>
public readonly record struct DomainUIntArgs(DomainRef Dom, uint Value) : IXdrRecord<DomainUIntArgs>
{
    public static DomainUIntArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Value);
    }
}

/// <summary>remote_domain_pin_vcpu_args (Flags null) and remote_domain_pin_vcpu_flags_args.</summary>
public readonly record struct DomainPinVcpuArgs(DomainRef Dom, uint Vcpu, byte[] CpuMap, uint Flags) : IXdrRecord<DomainPinVcpuArgs>
{
    public static DomainPinVcpuArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt());

    /// <summary>The flagless form (procedure 26).</summary>
    public static DomainPinVcpuArgs DecodeWithoutFlags(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax), 0);

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Vcpu);
        w.WriteOpaque(CpuMap);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_pin_emulator_args.</summary>
public readonly record struct DomainPinEmulatorArgs(DomainRef Dom, byte[] CpuMap, uint Flags) : IXdrRecord<DomainPinEmulatorArgs>
{
    public static DomainPinEmulatorArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteOpaque(CpuMap);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_set_scheduler_parameters_args {dom, params&lt;16&gt;}.</summary>
public readonly record struct DomainSetParamsArgs(DomainRef Dom, IReadOnlyList<TypedParameter> Params) : IXdrRecord<DomainSetParamsArgs>
{
    public static DomainSetParamsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadTypedParams(XdrLimits.SchedulerParametersMax));

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteTypedParams(Params);
    }
}

/// <summary>{dom, params&lt;16&gt;, flags}: set scheduler parameters flags, set numa parameters.</summary>
public readonly record struct DomainSetParamsFlagsArgs(DomainRef Dom, IReadOnlyList<TypedParameter> Params, uint Flags) : IXdrRecord<DomainSetParamsFlagsArgs>
{
    public static DomainSetParamsFlagsArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadTypedParams(XdrLimits.SchedulerParametersMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteTypedParams(Params);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_block_commit_args.</summary>
public readonly record struct DomainBlockCommitArgs(DomainRef Dom, string Disk, string? Base, string? Top, ulong Bandwidth, uint Flags)
    : IXdrRecord<DomainBlockCommitArgs>
{
    public static DomainBlockCommitArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Disk);
        w.WriteOptionalString(Base);
        w.WriteOptionalString(Top);
        w.WriteUHyper(Bandwidth);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_block_pull_args and remote_domain_block_job_set_speed_args: {dom, path, bandwidth, flags}.</summary>
public readonly record struct DomainBlockPullArgs(DomainRef Dom, string Path, ulong Bandwidth, uint Flags) : IXdrRecord<DomainBlockPullArgs>
{
    public static DomainBlockPullArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Path);
        w.WriteUHyper(Bandwidth);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_block_rebase_args.</summary>
public readonly record struct DomainBlockRebaseArgs(DomainRef Dom, string Path, string? Base, ulong Bandwidth, uint Flags) : IXdrRecord<DomainBlockRebaseArgs>
{
    public static DomainBlockRebaseArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadOptionalString(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Path);
        w.WriteOptionalString(Base);
        w.WriteUHyper(Bandwidth);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_get_block_job_info_ret (found 0: no job).</summary>
public readonly record struct DomainBlockJobInfoRet(int Found, int Type, ulong Bandwidth, ulong Cur, ulong End) : IXdrRecord<DomainBlockJobInfoRet>
{
    public static DomainBlockJobInfoRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Found);
        w.WriteInt(Type);
        w.WriteUHyper(Bandwidth);
        w.WriteUHyper(Cur);
        w.WriteUHyper(End);
    }
}

/// <summary>remote_domain_get_disk_errors_ret.</summary>
public readonly record struct DomainDiskErrorsRet((string Disk, int Error)[] Errors, int NErrors) : IXdrRecord<DomainDiskErrorsRet>
{
    public static DomainDiskErrorsRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.DomainDiskErrorsMax, 8);
        var errs = new (string, int)[n];
        for (var i = 0; i < n; i++) errs[i] = (r.ReadString(), r.ReadInt());
        return new DomainDiskErrorsRet(errs, r.ReadInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Errors.Length);
        foreach (var (disk, error) in Errors)
        {
            w.WriteString(disk);
            w.WriteInt(error);
        }
        w.WriteInt(NErrors);
    }
}

/// <summary>remote_domain_get_block_io_tune_args (disk NULL: the defaults).</summary>
public readonly record struct DomainGetBlockIoTuneArgs(DomainRef Dom, string? Disk, int NParams, uint Flags) : IXdrRecord<DomainGetBlockIoTuneArgs>
{
    public static DomainGetBlockIoTuneArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadOptionalString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteOptionalString(Disk);
        w.WriteInt(NParams);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_set_block_io_tune_args.</summary>
public readonly record struct DomainSetBlockIoTuneArgs(DomainRef Dom, string Disk, IReadOnlyList<TypedParameter> Params, uint Flags) : IXdrRecord<DomainSetBlockIoTuneArgs>
{
    public static DomainSetBlockIoTuneArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadString(), r.ReadTypedParams(XdrLimits.BlockIoTuneParametersMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Disk);
        w.WriteTypedParams(Params);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_block_copy_args: the disk, the destination as &lt;disk&gt; XML, bandwidth/granularity/buf-size typed parameters.</summary>
public readonly record struct DomainBlockCopyArgs(DomainRef Dom, string Path, string DestXml, IReadOnlyList<TypedParameter> Params, uint Flags)
    : IXdrRecord<DomainBlockCopyArgs>
{
    public static DomainBlockCopyArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadString(), r.ReadString(), r.ReadTypedParams(XdrLimits.BlockCopyParametersMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Path);
        w.WriteString(DestXml);
        w.WriteTypedParams(Params);
        w.WriteUInt(Flags);
    }
}
