using Vireo.Drivers.Secrets;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>A secret as a connection sees it (virSecretPtr): its uuid and usage.</summary>
public sealed class VirSecret
{
    internal VirSecret(VirConnection connection, SecretRef reference)
    {
        Connection = connection;
        Ref = reference;
    }

    public VirConnection Connection { get; }
    public SecretRef Ref { get; }
    public Guid Uuid => Ref.Uuid;
    public SecretUsageType UsageType => Ref.UsageType;

    /// <summary>The volume path, Ceph/TLS/vTPM name or iSCSI target ("" for usage type none).</summary>
    public string UsageId => Ref.UsageId;

    public async Task<string> GetXmlDescAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<SecretFlagsArgs, StringValue>(RemoteProcedure.SecretGetXmlDesc, new SecretFlagsArgs(Ref, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>SECRET_GET_VALUE: refused for a private secret ("secret is private") and on read-only connections.</summary>
    public async Task<byte[]> GetValueAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<SecretFlagsArgs, SecretValueRet>(RemoteProcedure.SecretGetValue, new SecretFlagsArgs(Ref, 0), ct).ConfigureAwait(false)).Value;

    public Task SetValueAsync(byte[] value, CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.SecretSetValue, new SecretSetValueArgs(Ref, value, 0), ct);

    public Task UndefineAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.SecretUndefine, new SecretArgs(Ref), ct);
}
