using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>save, restore, managedsave and the save-image calls. Paths are made absolute here, as libvirt's client library does.</summary>
public static class VirDomainSave
{
    /// <summary>DOMAIN_SAVE_FLAGS: the guest's state to <paramref name="path"/>; it stops.</summary>
    public static Task SaveAsync(this VirDomain d, string path, string? xml = null, SaveFlags flags = SaveFlags.None, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSaveFlags, new DomainSaveFlagsArgs(d.Ref, Path.GetFullPath(path), xml, (uint)flags), ct);

    /// <summary>DOMAIN_RESTORE_FLAGS.</summary>
    public static Task RestoreDomainAsync(this VirConnection c, string path, string? xml = null, SaveFlags flags = SaveFlags.None, CancellationToken ct = default) =>
        c.Rpc.CallVoidAsync(RemoteProcedure.DomainRestoreFlags, new DomainRestoreFlagsArgs(Path.GetFullPath(path), xml, (uint)flags), ct);

    /// <summary>DOMAIN_MANAGED_SAVE.</summary>
    public static Task ManagedSaveAsync(this VirDomain d, SaveFlags flags = SaveFlags.None, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainManagedSave, new DomainFlagsArgs(d.Ref, (uint)flags), ct);

    /// <summary>DOMAIN_MANAGED_SAVE_REMOVE.</summary>
    public static Task ManagedSaveRemoveAsync(this VirDomain d, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainManagedSaveRemove, new DomainFlagsArgs(d.Ref, 0), ct);

    /// <summary>DOMAIN_MANAGED_SAVE_GET_XML_DESC.</summary>
    public static async Task<string> ManagedSaveXmlAsync(this VirDomain d, SaveImageXmlFlags flags = SaveImageXmlFlags.None, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainFlagsArgs, StringValue>(RemoteProcedure.DomainManagedSaveGetXmlDesc, new DomainFlagsArgs(d.Ref, (uint)flags), ct).ConfigureAwait(false)).Value;

    /// <summary>DOMAIN_SAVE_IMAGE_GET_XML_DESC.</summary>
    public static async Task<string> SaveImageXmlAsync(this VirConnection c, string path, SaveImageXmlFlags flags = SaveImageXmlFlags.None, CancellationToken ct = default) =>
        (await c.Rpc.CallAsync<StringFlagsArgs, StringValue>(RemoteProcedure.DomainSaveImageGetXmlDesc, new StringFlagsArgs(Path.GetFullPath(path), (uint)flags), ct).ConfigureAwait(false)).Value;

    /// <summary>DOMAIN_SAVE_IMAGE_DEFINE_XML.</summary>
    public static Task DefineSaveImageXmlAsync(this VirConnection c, string path, string xml, SaveFlags flags = SaveFlags.None, CancellationToken ct = default) =>
        c.Rpc.CallVoidAsync(RemoteProcedure.DomainSaveImageDefineXml, new SaveImageDefineXmlArgs(Path.GetFullPath(path), xml, (uint)flags), ct);
}
