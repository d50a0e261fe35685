using Vireo.Drivers.Secrets;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's secret procedures over the server's shared <see cref="ISecrets"/>, for every connection (qemu and
/// lxc alike, as libvirtd's secret driver). Lookups, lists and XML answer at once, read-only connections
/// included; changes and reading a value are refused on read-only connections, as libvirt's client library
/// refuses them (virCheckReadOnlyGoto in virSecretGetValue too). A value asked for over RPC is never an
/// internal call, so a private secret's value never leaves the daemon.
/// </summary>
public static class SecretProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectNumOfSecrets, static (CallContext c, VoidRecord _) =>
            new IntValue(S(c, "virConnectNumOfSecrets").List(SecretListFlags.None).Count));
        d.RegisterSync(RemoteProcedure.ConnectListSecrets, static (CallContext c, IntValue a) =>
            new NameListRet(S(c, "virConnectListSecrets").List(SecretListFlags.None).Take(Math.Max(0, a.Value)).Select(s => s.Uuid.ToString("D")).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListAllSecrets, static (CallContext c, ListAllDomainsArgs a) =>
        {
            var secrets = S(c, "virConnectListAllSecrets").List((SecretListFlags)a.Flags);
            return new SecretListRet(a.NeedResults != 0 ? secrets : [], (uint)secrets.Count);
        });
        d.RegisterSync(RemoteProcedure.SecretLookupByUuid, static (CallContext c, UuidArgs a) =>
            new SecretArgs(S(c, "virSecretLookupByUUID").LookupByUuid(a.Uuid)));
        d.RegisterSync(RemoteProcedure.SecretLookupByUsage, static (CallContext c, SecretUsageArgs a) =>
            new SecretArgs(S(c, "virSecretLookupByUsage").LookupByUsage(a.UsageType, a.UsageId)));
        d.RegisterSync(RemoteProcedure.SecretGetXmlDesc, static (CallContext c, SecretFlagsArgs a) =>
            new StringValue(S(c, "virSecretGetXMLDesc").Xml(a.Secret, a.Flags)));
        d.RegisterSync(RemoteProcedure.SecretGetValue, static (CallContext c, SecretFlagsArgs a) =>
            new SecretValueRet(S(c, "virSecretGetValue").GetValue(a.Secret, a.Flags, internalCall: false)),
            ProcedureOptions.Write("virSecretGetValue"));

        d.Register(RemoteProcedure.SecretDefineXml, static async (CallContext c, StringFlagsArgs a) =>
            new SecretArgs(await S(c, "virSecretDefineXML").DefineAsync(a.Text, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virSecretDefineXML"));
        d.Register(RemoteProcedure.SecretSetValue, static async (CallContext c, SecretSetValueArgs a) =>
        {
            await S(c, "virSecretSetValue").SetValueAsync(a.Secret, a.Value, a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virSecretSetValue"));
        d.Register(RemoteProcedure.SecretUndefine, static async (CallContext c, SecretArgs a) =>
        {
            await S(c, "virSecretUndefine").UndefineAsync(a.Secret, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virSecretUndefine"));

        d.RegisterSync(RemoteProcedure.ConnectSecretEventRegisterAny, static (CallContext c, SecretEventRegisterArgs a) =>
        {
            var secrets = S(c, "virConnectSecretEventRegisterAny");
            if (a.Secret is { } s) secrets.LookupByUuid(s.Uuid);
            var uuid = a.Secret?.Uuid;
            return new IntValue(c.Connection.SecretEvents.Register(a.EventId, uuid is null ? null : e => e.Secret.Uuid == uuid,
                h => EventSubscription.Of<SecretEvent>(x => secrets.Changed += x, x => secrets.Changed -= x, h)));
        });
        d.RegisterSync(RemoteProcedure.ConnectSecretEventDeregisterAny, static (CallContext c, IntValue a) =>
        {
            c.Connection.SecretEvents.Deregister(a.Value);
            return default(VoidRecord);
        });
    }

    private static ISecrets S(CallContext c, string api) => c.Secrets(api);
}
