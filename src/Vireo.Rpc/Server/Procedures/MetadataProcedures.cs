using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh desc and virsh metadata (DOMAIN_SET_METADATA 264, DOMAIN_GET_METADATA 265) over the driver's
/// <see cref="IDomainMetadata"/>. Reading is allowed on read-only connections, as in libvirtd; setting is not.
/// The argument checks libvirt's client library makes are repeated for clients that speak the protocol directly.
/// </summary>
public static class MetadataProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainSetMetadata, static async (CallContext c, DomainSetMetadataArgs a) =>
        {
            var type = (MetadataType)a.Type;
            DomainMetadataService.CheckArguments(type, a.Metadata, a.Key, a.Uri, set: true);
            await c.Feature<IDomainMetadata>("virDomainSetMetadata")
                .SetMetadataAsync(a.Dom.Uuid, type, a.Metadata, a.Key, a.Uri, (ModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetMetadata"));

        d.RegisterSync(RemoteProcedure.DomainGetMetadata, static (CallContext c, DomainGetMetadataArgs a) =>
        {
            var type = (MetadataType)a.Type;
            DomainMetadataService.CheckArguments(type, null, null, a.Uri, set: false);
            return new StringValue(c.Feature<IDomainMetadata>("virDomainGetMetadata").GetMetadata(a.Dom.Uuid, type, a.Uri, (ModifyFlags)a.Flags));
        });
    }
}
