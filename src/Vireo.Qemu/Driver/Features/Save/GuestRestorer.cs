using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// Starting a guest from a save image: the definition kept in the image (or an ABI-compatible replacement)
/// becomes the running one, QEMU loads the state, the guest carries on running, or paused when it was saved
/// paused or --paused asks. A domain unknown to the driver comes back as a transient one; a defined one
/// must not be running. A failed restore leaves nothing running and the image as it was.
/// </summary>
internal sealed class GuestRestorer(DriverContext ctx)
{
    /// <summary>virsh restore: finds or adds the domain, takes its job, starts it from the image.</summary>
    public async Task RestoreAsync(string path, string? xml, SaveFlags flags, CancellationToken ct)
    {
        SaveArgs.RequireAbsolute(path);
        var (header, def) = ReadDefinition(path, xml);
        var isNew = false;
        var dom = ctx.Registry.AddOrGet(def.Uuid, def.Name, () =>
        {
            isNew = true;
            return new DomainObject(def, persistentDefined: false);
        });
        try
        {
            using var job = await dom.Job.AcquireAsync("restore", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
            if (dom.IsActive) throw VirErrors.AlreadyActive(dom.Name);
            await StartFromAsync(dom, path, header, def, flags, ct).ConfigureAwait(false);
        }
        catch when (isNew)
        {
            ctx.Registry.Remove(dom); // a domain that only existed in the image leaves no trace
            throw;
        }
    }

    /// <summary>start of a domain with a managed save image: restore from it, then remove it. Caller holds the job.</summary>
    public async Task RestoreManagedAsync(DomainObject dom, CreateFlags flags, CancellationToken ct)
    {
        var path = ManagedSaveImage.PathOf(ctx.Paths, dom.Name);
        var (header, def) = ReadDefinition(path, null);
        if (def.Uuid != dom.Uuid || def.Name != dom.Name)
            throw VirErrors.Failed($"the managed save image of domain '{dom.Name}' holds another domain ('{def.Name}', {def.Uuid}); remove it with managedsave-remove");
        var saveFlags = flags.HasFlag(CreateFlags.StartPaused) ? SaveFlags.Paused : SaveFlags.None;
        await StartFromAsync(dom, path, header, def, saveFlags, ct).ConfigureAwait(false);
        ManagedSaveImage.Delete(ctx.Paths, dom.Name);
        ctx.Log.LogInformation("Domain {Name}: restored from its managed save image, which is removed", dom.Name);
    }

    private async Task StartFromAsync(DomainObject dom, string path, SaveImageHeader header, DomainDef def, SaveFlags flags, CancellationToken ct)
    {
        await using var image = SaveImageFiles.OpenRead(path);
        image.Position = SaveImageHeader.Read(image).DataOffset;
        var paused = flags.HasFlag(SaveFlags.Paused) || (!flags.HasFlag(SaveFlags.Running) && !header.WasRunning);
        var start = paused ? CreateFlags.StartPaused : CreateFlags.None;
        await new StartSequence(ctx).RunAsync(dom, def, start, ct, incoming: new IncomingImage(path, image)).ConfigureAwait(false);
        ctx.Log.LogInformation("Domain {Name}: restored from {Path}", dom.Name, path);
    }

    /// <summary>The image's definition, or the caller's replacement when only ABI-compatible parts differ.</summary>
    private static (SaveImageHeader Header, DomainDef Def) ReadDefinition(string path, string? xml)
    {
        var header = SaveImageFiles.ReadHeader(path);
        var saved = Parse(header.Xml);
        if (xml is null) return (header, saved);
        var replacement = Parse(xml);
        SaveXmlCompatibility.Check(saved, replacement);
        return (header, replacement);
    }

    public static DomainDef Parse(string xml)
    {
        var def = DomainDefaults.Apply(DomainXml.Parse(xml));
        DomainValidator.Validate(def);
        return def;
    }
}
