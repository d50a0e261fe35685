using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

public sealed partial class VirConnection
{
    /// <summary>CONNECT_LIST_ALL_DOMAINS with libvirt's filter flags (none: all domains).</summary>
    public async Task<IReadOnlyList<VirDomain>> ListAllDomainsAsync(ListFlags flags = ListFlags.All, CancellationToken ct = default)
    {
        var ret = await Rpc.CallAsync<ListAllDomainsArgs, ListAllDomainsRet>(RemoteProcedure.ConnectListAllDomains, new ListAllDomainsArgs(1, (uint)flags), ct).ConfigureAwait(false);
        return ret.Domains.Select(d => new VirDomain(this, d)).ToArray();
    }

    /// <summary>DOMAIN_LOOKUP_BY_NAME; a missing domain throws <see cref="Vireo.Core.Errors.VirException"/> with code NoDomain.</summary>
    public async Task<VirDomain> LookupDomainAsync(string name, CancellationToken ct = default) =>
        Wrap(await Rpc.CallAsync<StringValue, DomainRet>(RemoteProcedure.DomainLookupByName, new StringValue(name), ct).ConfigureAwait(false));

    /// <summary>DOMAIN_LOOKUP_BY_UUID.</summary>
    public async Task<VirDomain> LookupDomainAsync(Guid uuid, CancellationToken ct = default) =>
        Wrap(await Rpc.CallAsync<UuidArgs, DomainRet>(RemoteProcedure.DomainLookupByUuid, new UuidArgs(uuid), ct).ConfigureAwait(false));

    /// <summary>DOMAIN_LOOKUP_BY_ID (running domains only).</summary>
    public async Task<VirDomain> LookupDomainAsync(int id, CancellationToken ct = default) =>
        Wrap(await Rpc.CallAsync<IntValue, DomainRet>(RemoteProcedure.DomainLookupById, new IntValue(id), ct).ConfigureAwait(false));

    /// <summary>DOMAIN_DEFINE_XML_FLAGS: defines (or redefines) a persistent domain.</summary>
    public async Task<VirDomain> DefineDomainAsync(string xml, DefineFlags flags = DefineFlags.None, CancellationToken ct = default) =>
        Wrap(await Rpc.CallAsync<StringFlagsArgs, DomainRet>(RemoteProcedure.DomainDefineXmlFlags, new StringFlagsArgs(xml, (uint)flags), ct).ConfigureAwait(false));

    /// <summary>DOMAIN_CREATE_XML: starts a transient domain.</summary>
    public async Task<VirDomain> CreateDomainAsync(string xml, CreateFlags flags = CreateFlags.None, CancellationToken ct = default) =>
        Wrap(await Rpc.CallAsync<StringFlagsArgs, DomainRet>(RemoteProcedure.DomainCreateXml, new StringFlagsArgs(xml, (uint)flags), ct).ConfigureAwait(false));

    /// <summary>CONNECT_GET_ALL_DOMAIN_STATS: stats (virDomainStatsTypes; 0 = all) for the given domains, or all.</summary>
    public async Task<IReadOnlyList<(VirDomain Domain, IReadOnlyList<TypedParameter> Stats)>> GetAllDomainStatsAsync(
        uint stats = 0, IReadOnlyList<VirDomain>? domains = null, uint flags = 0, CancellationToken ct = default)
    {
        var args = new GetAllDomainStatsArgs(domains?.Select(d => d.Ref).ToArray() ?? [], stats, flags);
        var ret = await Rpc.CallAsync<GetAllDomainStatsArgs, GetAllDomainStatsRet>(RemoteProcedure.ConnectGetAllDomainStats, args, ct).ConfigureAwait(false);
        return ret.Records.Select(r => (new VirDomain(this, r.Dom), r.Params)).ToArray();
    }

    private VirDomain Wrap(DomainRet r) => new(this, r.Dom);

    internal VirDomain Wrap(DomainRef r) => new(this, r);
}
