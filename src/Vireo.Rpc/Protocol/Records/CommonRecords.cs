using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// Shapes shared by many procedures. libvirt declares one struct per procedure; several of ours stand for
// all the structs of the same layout (e.g. DomainFlagsArgs is remote_domain_get_xml_desc_args,
// remote_domain_reboot_args, remote_domain_undefine_flags_args, ...).

/// <summary>An empty payload (void call or reply).</summary>
public readonly record struct VoidRecord : IXdrRecord<VoidRecord>
{
    public static VoidRecord Decode(ref XdrReader r) => default;
    public void Encode(ref XdrWriter w) { }
}

/// <summary>{remote_nonnull_domain dom}.</summary>
public readonly record struct DomainArgs(DomainRef Dom) : IXdrRecord<DomainArgs>
{
    public static DomainArgs Decode(ref XdrReader r) => new(r.ReadDomain());
    public void Encode(ref XdrWriter w) => w.WriteDomain(Dom);
}

/// <summary>{remote_nonnull_domain dom; unsigned int flags}.</summary>
public readonly record struct DomainFlagsArgs(DomainRef Dom, uint Flags) : IXdrRecord<DomainFlagsArgs>
{
    public static DomainFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Flags);
    }
}

/// <summary>{remote_nonnull_domain dom} as a reply (define, create xml, lookups).</summary>
public readonly record struct DomainRet(DomainRef Dom) : IXdrRecord<DomainRet>
{
    public static DomainRet Decode(ref XdrReader r) => new(r.ReadDomain());
    public void Encode(ref XdrWriter w) => w.WriteDomain(Dom);
}

/// <summary>One int (feature numbers, booleans, counts).</summary>
public readonly record struct IntValue(int Value) : IXdrRecord<IntValue>
{
    public static IntValue Decode(ref XdrReader r) => new(r.ReadInt());
    public void Encode(ref XdrWriter w) => w.WriteInt(Value);
}

/// <summary>One unsigned int (flags-only calls).</summary>
public readonly record struct UIntValue(uint Value) : IXdrRecord<UIntValue>
{
    public static UIntValue Decode(ref XdrReader r) => new(r.ReadUInt());
    public void Encode(ref XdrWriter w) => w.WriteUInt(Value);
}

/// <summary>One unsigned hyper (versions, memory sizes).</summary>
public readonly record struct ULongValue(ulong Value) : IXdrRecord<ULongValue>
{
    public static ULongValue Decode(ref XdrReader r) => new(r.ReadUHyper());
    public void Encode(ref XdrWriter w) => w.WriteUHyper(Value);
}

/// <summary>One remote_nonnull_string.</summary>
public readonly record struct StringValue(string Value) : IXdrRecord<StringValue>
{
    public static StringValue Decode(ref XdrReader r) => new(r.ReadString());
    public void Encode(ref XdrWriter w) => w.WriteString(Value);
}

/// <summary>One remote_string (may be NULL).</summary>
public readonly record struct OptionalStringValue(string? Value) : IXdrRecord<OptionalStringValue>
{
    public static OptionalStringValue Decode(ref XdrReader r) => new(r.ReadOptionalString());
    public void Encode(ref XdrWriter w) => w.WriteOptionalString(Value);
}

/// <summary>{remote_nonnull_string; unsigned int flags} (define xml flags, create xml).</summary>
public readonly record struct StringFlagsArgs(string Text, uint Flags) : IXdrRecord<StringFlagsArgs>
{
    public static StringFlagsArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Text);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; int value} (set autostart, get scheduler parameters).</summary>
public readonly record struct DomainIntArgs(DomainRef Dom, int Value) : IXdrRecord<DomainIntArgs>
{
    public static DomainIntArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteInt(Value);
    }
}

/// <summary>remote_domain_block_resize_args: {dom; remote_nonnull_string disk; unsigned hyper size; unsigned int flags}.</summary>
public readonly record struct DomainBlockResizeArgs(DomainRef Dom, string Disk, ulong Size, uint Flags) : IXdrRecord<DomainBlockResizeArgs>
{
    public static DomainBlockResizeArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Disk);
        w.WriteUHyper(Size);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; int value; unsigned int flags} (memory stats period, get numa/memory parameters' nparams).</summary>
public readonly record struct DomainIntFlagsArgs(DomainRef Dom, int Value, uint Flags) : IXdrRecord<DomainIntFlagsArgs>
{
    public static DomainIntFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteInt(Value);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; unsigned hyper value} (set memory, set max memory).</summary>
public readonly record struct DomainULongArgs(DomainRef Dom, ulong Value) : IXdrRecord<DomainULongArgs>
{
    public static DomainULongArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUHyper(Value);
    }
}

/// <summary>{dom; unsigned hyper value; unsigned int flags} (set memory flags).</summary>
public readonly record struct DomainULongFlagsArgs(DomainRef Dom, ulong Value, uint Flags) : IXdrRecord<DomainULongFlagsArgs>
{
    public static DomainULongFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUHyper(Value);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; remote_nonnull_string text} (block/interface stats path, attach/detach device xml).</summary>
public readonly record struct DomainStringArgs(DomainRef Dom, string Text) : IXdrRecord<DomainStringArgs>
{
    public static DomainStringArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Text);
    }
}

/// <summary>{dom; remote_nonnull_string text; unsigned int flags} (device xml with flags, block info, job abort).</summary>
public readonly record struct DomainStringFlagsArgs(DomainRef Dom, string Text, uint Flags) : IXdrRecord<DomainStringFlagsArgs>
{
    public static DomainStringFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Text);
        w.WriteUInt(Flags);
    }
}

/// <summary>{dom; remote_string text; unsigned int flags}: the string may be NULL (open console: dev_name, NULL = the first console; rename: new_name).</summary>
public readonly record struct DomainOptionalStringFlagsArgs(DomainRef Dom, string? Text, uint Flags) : IXdrRecord<DomainOptionalStringFlagsArgs>
{
    public static DomainOptionalStringFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteOptionalString(Text);
        w.WriteUInt(Flags);
    }
}
