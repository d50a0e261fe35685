using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// save, restore, managedsave and the save-image XML calls over the driver's <see cref="IDomainSave"/>; a
/// driver without it (containers) answers libvirt's "this function is not supported by the connection
/// driver". Everything but reading a managed save image's XML is refused on read-only connections, as in
/// libvirtd 9.0 (save-image-dumpxml too: CVE-2019-10161).
/// </summary>
public static class SaveProcedures
{
    /// <summary>VIR_DOMAIN_SAVE_IMAGE_XML_SECURE.</summary>
    private const uint XmlSecure = 1;

    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainSave, static async (CallContext c, DomainStringArgs a) =>
        {
            await c.Feature<IDomainSave>("virDomainSave").SaveAsync(a.Dom.Uuid, a.Text, null, SaveFlags.None, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSave"));
        d.Register(RemoteProcedure.DomainSaveFlags, static async (CallContext c, DomainSaveFlagsArgs a) =>
        {
            await c.Feature<IDomainSave>("virDomainSaveFlags").SaveAsync(a.Dom.Uuid, a.To, a.Dxml, (SaveFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSaveFlags"));
        d.Register(RemoteProcedure.DomainRestore, static async (CallContext c, StringValue a) =>
        {
            await c.Feature<IDomainSave>("virDomainRestore").RestoreAsync(a.Value, null, SaveFlags.None, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainRestore"));
        d.Register(RemoteProcedure.DomainRestoreFlags, static async (CallContext c, DomainRestoreFlagsArgs a) =>
        {
            await c.Feature<IDomainSave>("virDomainRestoreFlags").RestoreAsync(a.From, a.Dxml, (SaveFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainRestoreFlags"));
        d.Register(RemoteProcedure.DomainManagedSave, static async (CallContext c, DomainFlagsArgs a) =>
        {
            await c.Feature<IDomainSave>("virDomainManagedSave").ManagedSaveAsync(a.Dom.Uuid, (SaveFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainManagedSave"));
        d.Register(RemoteProcedure.DomainManagedSaveRemove, static async (CallContext c, DomainFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainManagedSaveRemove");
            await c.Feature<IDomainSave>("virDomainManagedSaveRemove").ManagedSaveRemoveAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainManagedSaveRemove"));
        d.Register(RemoteProcedure.DomainSaveImageGetXmlDesc, static async (CallContext c, StringFlagsArgs a) =>
            new StringValue(await c.Feature<IDomainSave>("virDomainSaveImageGetXMLDesc").ImageXmlAsync(a.Text, (SaveImageXmlFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainSaveImageGetXMLDesc"));
        d.Register(RemoteProcedure.DomainSaveImageDefineXml, static async (CallContext c, SaveImageDefineXmlArgs a) =>
        {
            await c.Feature<IDomainSave>("virDomainSaveImageDefineXML").DefineImageXmlAsync(a.File, a.Dxml, (SaveFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSaveImageDefineXML"));
        d.Register(RemoteProcedure.DomainManagedSaveGetXmlDesc, static async (CallContext c, DomainFlagsArgs a) =>
        {
            if ((a.Flags & XmlSecure) != 0 && c.Connection.IsReadOnly) throw RpcErrors.Forbidden("virDomainManagedSaveGetXMLDesc with secure flag");
            return new StringValue(await c.Feature<IDomainSave>("virDomainManagedSaveGetXMLDesc").ManagedSaveXmlAsync(a.Dom.Uuid, (SaveImageXmlFlags)a.Flags, c.Cancellation).ConfigureAwait(false));
        });
        d.Register(RemoteProcedure.DomainManagedSaveDefineXml, static async (CallContext c, DomainOptionalStringFlagsArgs a) =>
        {
            await c.Feature<IDomainSave>("virDomainManagedSaveDefineXML").DefineManagedSaveXmlAsync(a.Dom.Uuid, a.Text, (SaveFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainManagedSaveDefineXML"));
    }
}
