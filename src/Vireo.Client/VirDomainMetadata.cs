using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virsh desc and virsh metadata: a domain's title, description and applications' metadata elements.</summary>
public static class VirDomainMetadata
{
    /// <summary>DOMAIN_SET_METADATA: a null (or, for title and description, empty) value removes the item.</summary>
    public static Task SetMetadataAsync(this VirDomain d, MetadataType type, string? metadata, string? key, string? uri,
        ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetMetadata,
            new DomainSetMetadataArgs(d.Ref, (int)type, metadata, key, uri, (uint)flags), ct);

    /// <summary>DOMAIN_GET_METADATA: the item, or VIR_ERR_NO_DOMAIN_METADATA when there is none.</summary>
    public static async Task<string> GetMetadataAsync(this VirDomain d, MetadataType type, string? uri,
        ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainGetMetadataArgs, StringValue>(RemoteProcedure.DomainGetMetadata,
            new DomainGetMetadataArgs(d.Ref, (int)type, uri, (uint)flags), ct).ConfigureAwait(false);
        return r.Value;
    }
}
