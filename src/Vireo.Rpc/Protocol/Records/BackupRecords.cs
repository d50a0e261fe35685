using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// Backup procedures. BACKUP_GET_XML_DESC uses DomainFlagsArgs and StringValue; BACKUP_BEGIN returns nothing.

/// <summary>remote_domain_backup_begin_args: {dom; remote_nonnull_string backup_xml; remote_string checkpoint_xml; unsigned int flags}.</summary>
public readonly record struct DomainBackupBeginArgs(DomainRef Dom, string BackupXml, string? CheckpointXml, uint Flags) : IXdrRecord<DomainBackupBeginArgs>
{
    public static DomainBackupBeginArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(BackupXml);
        w.WriteOptionalString(CheckpointXml);
        w.WriteUInt(Flags);
    }
}
