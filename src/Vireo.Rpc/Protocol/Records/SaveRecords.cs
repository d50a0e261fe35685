using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_save_flags_args: {dom; remote_nonnull_string to; remote_string dxml; unsigned int flags}.</summary>
public readonly record struct DomainSaveFlagsArgs(DomainRef Dom, string To, string? Dxml, uint Flags) : IXdrRecord<DomainSaveFlagsArgs>
{
    public static DomainSaveFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(To);
        w.WriteOptionalString(Dxml);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_domain_restore_flags_args {remote_nonnull_string from; remote_string dxml; unsigned int flags}, and
/// remote_domain_save_image_define_xml_args {remote_nonnull_string file; remote_nonnull_string dxml; unsigned
/// int flags} where dxml is never NULL (<see cref="SaveImageDefineXmlArgs"/>).
/// </summary>
public readonly record struct DomainRestoreFlagsArgs(string From, string? Dxml, uint Flags) : IXdrRecord<DomainRestoreFlagsArgs>
{
    public static DomainRestoreFlagsArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(From);
        w.WriteOptionalString(Dxml);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_save_image_define_xml_args: {remote_nonnull_string file; remote_nonnull_string dxml; unsigned int flags}.</summary>
public readonly record struct SaveImageDefineXmlArgs(string File, string Dxml, uint Flags) : IXdrRecord<SaveImageDefineXmlArgs>
{
    public static SaveImageDefineXmlArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(File);
        w.WriteString(Dxml);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_core_dump_with_format_args: {dom; remote_nonnull_string to; unsigned int dumpformat; unsigned int flags}.</summary>
public readonly record struct DomainCoreDumpWithFormatArgs(DomainRef Dom, string To, uint DumpFormat, uint Flags) : IXdrRecord<DomainCoreDumpWithFormatArgs>
{
    public static DomainCoreDumpWithFormatArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(To);
        w.WriteUInt(DumpFormat);
        w.WriteUInt(Flags);
    }
}
