namespace Vireo.Drivers.Contracts;

/// <summary>virDomainMetadataType: which part of a definition virsh desc / virsh metadata reads or writes.</summary>
public enum MetadataType
{
    /// <summary>&lt;description&gt;: free text.</summary>
    Description = 0,
    /// <summary>&lt;title&gt;: one line of text.</summary>
    Title = 1,
    /// <summary>An application's own element inside &lt;metadata&gt;, found by its namespace URI.</summary>
    Element = 2,
}

/// <summary>
/// DOMAIN_SET_METADATA / DOMAIN_GET_METADATA (virsh desc, virsh metadata): a domain's title, description
/// and applications' metadata elements, in the running definition, the saved one, or both
/// (<see cref="ModifyFlags"/>). A change sends the METADATA_CHANGE event; a missing item is libvirt's
/// VIR_ERR_NO_DOMAIN_METADATA.
/// </summary>
public interface IDomainMetadata
{
    /// <summary>Sets (or, with a null or empty value, removes) one item; <paramref name="key"/> is the element's namespace prefix.</summary>
    ValueTask SetMetadataAsync(Guid uuid, MetadataType type, string? metadata, string? key, string? uri, ModifyFlags flags, CancellationToken ct);

    /// <summary>Reads one item of the running (or, with Config, the saved) definition; takes no job.</summary>
    string GetMetadata(Guid uuid, MetadataType type, string? uri, ModifyFlags flags);
}
