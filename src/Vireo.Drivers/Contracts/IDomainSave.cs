namespace Vireo.Drivers.Contracts;

/// <summary>
/// virsh save, restore, managedsave and the save-image commands: a running guest's memory and device state
/// written to a file with its definition (the guest stops), and a guest started again from such a file,
/// carrying on where it was. A managed save image is kept by the driver for a persistent domain; the next
/// start restores from it. Whether a domain has one is <see cref="DomainSummary.HasManagedSave"/>.
/// </summary>
public interface IDomainSave
{
    /// <summary>DOMAIN_SAVE / DOMAIN_SAVE_FLAGS: <paramref name="xml"/> optionally replaces the definition kept in the image (ABI-compatible changes only).</summary>
    ValueTask SaveAsync(Guid uuid, string path, string? xml, SaveFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_RESTORE / DOMAIN_RESTORE_FLAGS.</summary>
    ValueTask RestoreAsync(string path, string? xml, SaveFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_MANAGED_SAVE.</summary>
    ValueTask ManagedSaveAsync(Guid uuid, SaveFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_MANAGED_SAVE_REMOVE.</summary>
    ValueTask ManagedSaveRemoveAsync(Guid uuid, CancellationToken ct);

    /// <summary>DOMAIN_SAVE_IMAGE_GET_XML_DESC.</summary>
    ValueTask<string> ImageXmlAsync(string path, SaveImageXmlFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_SAVE_IMAGE_DEFINE_XML: a new definition (and/or running/paused) for an image.</summary>
    ValueTask DefineImageXmlAsync(string path, string? xml, SaveFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_MANAGED_SAVE_GET_XML_DESC.</summary>
    ValueTask<string> ManagedSaveXmlAsync(Guid uuid, SaveImageXmlFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_MANAGED_SAVE_DEFINE_XML.</summary>
    ValueTask DefineManagedSaveXmlAsync(Guid uuid, string? xml, SaveFlags flags, CancellationToken ct);
}

/// <summary>virDomainSaveRestoreFlags.</summary>
[Flags]
public enum SaveFlags : uint
{
    None = 0,
    BypassCache = 1,
    /// <summary>The guest runs after restore, whatever it was when saved.</summary>
    Running = 2,
    /// <summary>The guest stays paused after restore.</summary>
    Paused = 4,
    ResetNvram = 8,
}

/// <summary>virDomainSaveImageXMLFlags.</summary>
[Flags]
public enum SaveImageXmlFlags : uint
{
    None = 0,
    Secure = 1,
}
