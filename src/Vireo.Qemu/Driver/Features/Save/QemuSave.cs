using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Files;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// virsh save, restore, managedsave, managedsave-remove and the save-image/managedsave XML commands on the
/// QEMU driver. Saving and restoring are <see cref="GuestSaver"/> and <see cref="GuestRestorer"/>; the
/// start of a domain with a managed save image goes through <see cref="TryStartFromManagedSaveAsync"/>.
/// </summary>
internal sealed class QemuSave(DriverContext ctx) : IDomainSave
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainSave>(ctx => new QemuSave(ctx));

    public async ValueTask SaveAsync(Guid uuid, string path, string? xml, SaveFlags flags, CancellationToken ct)
    {
        SaveArgs.CheckFlags(flags, "qemuDomainSaveFlags");
        SaveArgs.RequireAbsolute(path);
        await SaveToAsync(ctx.Registry.GetByUuid(uuid), path, xml, flags, ct).ConfigureAwait(false);
    }

    public async ValueTask RestoreAsync(string path, string? xml, SaveFlags flags, CancellationToken ct)
    {
        SaveArgs.CheckFlags(flags, "qemuDomainRestoreFlags");
        await new GuestRestorer(ctx).RestoreAsync(path, xml, flags, ct).ConfigureAwait(false);
    }

    public async ValueTask ManagedSaveAsync(Guid uuid, SaveFlags flags, CancellationToken ct)
    {
        SaveArgs.CheckFlags(flags & ~SaveFlags.ResetNvram, "qemuDomainManagedSave");
        var dom = ctx.Registry.GetByUuid(uuid);
        if (!dom.IsPersistent)
            throw VirErrors.Invalid("cannot do managed save for transient domain", VirErrorDomain.Qemu);
        var path = ManagedSaveImage.PathOf(ctx.Paths, dom.Name);
        DirectoryLayout.Ensure(Path.GetDirectoryName(path)!);
        await SaveToAsync(dom, path, null, flags, ct).ConfigureAwait(false);
    }

    public async ValueTask ManagedSaveRemoveAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("managedsave-remove", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        if (ManagedSaveImage.Exists(ctx.Paths, dom.Name)) ManagedSaveImage.Delete(ctx.Paths, dom.Name);
    }

    public ValueTask<string> ImageXmlAsync(string path, SaveImageXmlFlags flags, CancellationToken ct)
    {
        SaveArgs.RequireAbsolute(path);
        return ValueTask.FromResult(XmlOf(SaveImageFiles.ReadHeader(path), flags));
    }

    public async ValueTask DefineImageXmlAsync(string path, string? xml, SaveFlags flags, CancellationToken ct)
    {
        SaveArgs.CheckFlags(flags, "qemuDomainSaveImageDefineXML");
        SaveArgs.RequireAbsolute(path);
        await RedefineAsync(path, xml, flags, ct).ConfigureAwait(false);
    }

    public ValueTask<string> ManagedSaveXmlAsync(Guid uuid, SaveImageXmlFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        if (!ManagedSaveImage.Exists(ctx.Paths, dom.Name)) throw ManagedSaveImage.NoImage();
        return ValueTask.FromResult(XmlOf(SaveImageFiles.ReadHeader(ManagedSaveImage.PathOf(ctx.Paths, dom.Name)), flags));
    }

    public async ValueTask DefineManagedSaveXmlAsync(Guid uuid, string? xml, SaveFlags flags, CancellationToken ct)
    {
        SaveArgs.CheckFlags(flags, "qemuDomainManagedSaveDefineXML");
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("managedsave-define", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        if (!ManagedSaveImage.Exists(ctx.Paths, dom.Name)) throw ManagedSaveImage.NoImage();
        await RedefineAsync(ManagedSaveImage.PathOf(ctx.Paths, dom.Name), xml, flags, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The hook of start (and autostart): a domain with a managed save image is restored from it and the image
    /// removed; --force-boot discards the image and boots. False when there is no image (boot as usual).
    /// Caller holds the domain's job.
    /// </summary>
    internal static async Task<bool> TryStartFromManagedSaveAsync(DriverContext ctx, DomainObject dom, CreateFlags flags, CancellationToken ct)
    {
        if (!ManagedSaveImage.Exists(ctx.Paths, dom.Name)) return false;
        if (flags.HasFlag(CreateFlags.ForceBoot))
        {
            ManagedSaveImage.Delete(ctx.Paths, dom.Name);
            return false;
        }
        await new GuestRestorer(ctx).RestoreManagedAsync(dom, flags, ct).ConfigureAwait(false);
        return true;
    }

    private async Task SaveToAsync(DomainObject dom, string path, string? xml, SaveFlags flags, CancellationToken ct)
    {
        using var job = await dom.Job.AcquireAsync("save", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        var guest = dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
        var saved = guest.Live;
        if (xml is not null)
        {
            var replacement = GuestRestorer.Parse(xml);
            SaveXmlCompatibility.Check(saved, replacement);
            saved = replacement;
        }
        await new GuestSaver(ctx).SaveAsync(dom, guest, path, saved, flags, ct).ConfigureAwait(false);
    }

    private static async Task RedefineAsync(string path, string? xml, SaveFlags flags, CancellationToken ct)
    {
        var header = SaveImageFiles.ReadHeader(path);
        var xmlOut = header.Xml;
        if (xml is not null)
        {
            SaveXmlCompatibility.Check(GuestRestorer.Parse(header.Xml), GuestRestorer.Parse(xml));
            xmlOut = DomainXml.Format(GuestRestorer.Parse(xml), secure: true);
        }
        var running = flags.HasFlag(SaveFlags.Running) || (!flags.HasFlag(SaveFlags.Paused) && header.WasRunning);
        if (xmlOut == header.Xml && running == header.WasRunning) return; // nothing to change
        await SaveImageFiles.RewriteHeaderAsync(path, new SaveImageHeader(xmlOut, running), ct).ConfigureAwait(false);
    }

    /// <summary>The image's XML; secrets (graphics passwords) only when asked for with the secure flag.</summary>
    private static string XmlOf(SaveImageHeader header, SaveImageXmlFlags flags) =>
        DomainXml.Format(DomainXml.Parse(header.Xml), secure: flags.HasFlag(SaveImageXmlFlags.Secure));
}
