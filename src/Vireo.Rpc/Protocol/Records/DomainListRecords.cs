using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_connect_list_all_domains_args.</summary>
public readonly record struct ListAllDomainsArgs(int NeedResults, uint Flags) : IXdrRecord<ListAllDomainsArgs>
{
    public static ListAllDomainsArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(NeedResults);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_connect_list_all_domains_ret: the domains (empty when need_results is 0) and their count.</summary>
public readonly record struct ListAllDomainsRet(IReadOnlyList<DomainRef> Domains, uint Count) : IXdrRecord<ListAllDomainsRet>
{
    public static ListAllDomainsRet Decode(ref XdrReader r) => new(r.ReadDomains(XdrLimits.DomainListMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomains(Domains);
        w.WriteUInt(Count);
    }
}

/// <summary>remote_connect_list_domains_ret: ids of running domains.</summary>
public readonly record struct ListDomainIdsRet(int[] Ids) : IXdrRecord<ListDomainIdsRet>
{
    public static ListDomainIdsRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.DomainIdListMax);
        var ids = new int[n];
        for (var i = 0; i < n; i++) ids[i] = r.ReadInt();
        return new ListDomainIdsRet(ids);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Ids.Length);
        foreach (var id in Ids) w.WriteInt(id);
    }
}

/// <summary>remote_connect_list_defined_domains_ret (and other name lists).</summary>
public readonly record struct NameListRet(string[] Names) : IXdrRecord<NameListRet>
{
    public static NameListRet Decode(ref XdrReader r) => new(r.ReadStrings(XdrLimits.DomainNameListMax));
    public void Encode(ref XdrWriter w) => w.WriteStrings(Names);
}

/// <summary>remote_domain_lookup_by_uuid_args.</summary>
public readonly record struct UuidArgs(Guid Uuid) : IXdrRecord<UuidArgs>
{
    public static UuidArgs Decode(ref XdrReader r) => new(r.ReadUuid());
    public void Encode(ref XdrWriter w) => w.WriteUuid(Uuid);
}
