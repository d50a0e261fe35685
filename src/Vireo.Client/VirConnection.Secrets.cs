using Vireo.Drivers.Secrets;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Secrets: lists, lookups and define (virsh's secret-* commands).</summary>
public sealed partial class VirConnection
{
    /// <summary>CONNECT_LIST_ALL_SECRETS with libvirt's filter flags (none: every secret).</summary>
    public async Task<IReadOnlyList<VirSecret>> ListSecretsAsync(SecretListFlags flags = SecretListFlags.None, CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<ListAllDomainsArgs, SecretListRet>(RemoteProcedure.ConnectListAllSecrets, new ListAllDomainsArgs(1, (uint)flags), ct).ConfigureAwait(false);
        return r.Secrets.Select(s => new VirSecret(this, s)).ToList();
    }

    public async Task<VirSecret> LookupSecretAsync(Guid uuid, CancellationToken ct = default) =>
        Secret(await Rpc.CallAsync<UuidArgs, SecretArgs>(RemoteProcedure.SecretLookupByUuid, new UuidArgs(uuid), ct).ConfigureAwait(false));

    public async Task<VirSecret> LookupSecretAsync(SecretUsageType usageType, string usageId, CancellationToken ct = default) =>
        Secret(await Rpc.CallAsync<SecretUsageArgs, SecretArgs>(RemoteProcedure.SecretLookupByUsage, new SecretUsageArgs(usageType, usageId), ct).ConfigureAwait(false));

    /// <summary>SECRET_DEFINE_XML: a new secret, or a redefinition of the one with the same uuid (its value stays).</summary>
    public async Task<VirSecret> DefineSecretAsync(string xml, CancellationToken ct = default) =>
        Secret(await Rpc.CallAsync<StringFlagsArgs, SecretArgs>(RemoteProcedure.SecretDefineXml, new StringFlagsArgs(xml, 0), ct).ConfigureAwait(false));

    private VirSecret Secret(SecretArgs r) => new(this, r.Secret);
}
