using System.Globalization;
using System.Xml.Linq;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>domdisplay, vncdisplay (read from the live XML, as virsh does) and screenshot (a stream from the daemon).</summary>
public sealed class GraphicsCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var includePassword = Opt.Flag("--include-password", "includes the password into the connection URI if available");
        var type = Opt.Text("--type", "select particular graphical display (e.g. \"vnc\", \"spice\", \"rdp\", \"dbus\")");
        var all = Opt.Flag("--all", "show all possible graphical displays");
        set.Add("domdisplay", "domain display connection URI", async ctx =>
        {
            var dom = await RunningAsync(ctx, domain);
            var xml = await LiveXmlAsync(dom, ctx.Has(includePassword) ? XmlFlags.Secure : XmlFlags.None, ctx.Ct);
            var wanted = ctx.Get(type);
            bool found = false;
            foreach (var scheme in DisplayUris.Schemes.Where(s => wanted is null || s == wanted))
            {
                if (DisplayUris.Uri(xml, scheme) is not { } uri) continue;
                ctx.Out.Write(uri);
                found = true;
                if (!ctx.Has(all)) break;
                ctx.Out.Write("\n");
            }
            if (!found) throw new CliError(wanted is null ? "No graphical display found" : $"No graphical display with type '{wanted}' found");
        }, domain, includePassword, type, all);

        var vncDomain = new NamedArg("domain", "domain name, id or uuid");
        set.Add("vncdisplay", "vnc display", async ctx =>
        {
            var dom = await RunningAsync(ctx, vncDomain);
            var line = DisplayUris.VncDisplay(await LiveXmlAsync(dom, XmlFlags.None, ctx.Ct))
                       ?? throw new CliError("Failed to get VNC port. Is this domain using VNC?");
            ctx.Out.Write(line + "\n");
        }, vncDomain);

        var shotDomain = new NamedArg("domain", "domain name, id or uuid");
        var file = new NamedArg("file", "where to store the screenshot", required: false);
        var screen = Opt.Text("--screen", "ID of a screen to take screenshot of");
        set.Add("screenshot", "take a screenshot of a current domain console and store it into a file", async ctx =>
        {
            var dom = await ctx.DomainAsync(shotDomain);
            var screenId = ScreenOf(ctx.Get(screen));
            await using var shot = await CliError.Wrap($"could not take a screenshot of {dom.Name}", () => dom.ScreenshotAsync(screenId, ctx.Ct));
            var path = ctx.Optional(file) ?? GeneratedName(dom.Name, shot.MimeType);
            await SaveAsync(dom.Name, shot, path, ctx.Ct);
            ctx.Out.Write($"Screenshot saved to {path}, with type of {shot.MimeType}");
        }, shotDomain, file, screen);
    }

    /// <summary>Both display commands refuse an inactive domain on the client, before reading its XML.</summary>
    private static async Task<VirDomain> RunningAsync(CommandContext ctx, NamedArg arg)
    {
        var dom = await ctx.DomainAsync(arg);
        if (!await dom.IsActiveAsync(ctx.Ct)) throw new CliError("Domain is not running");
        return dom;
    }

    private static async Task<XElement> LiveXmlAsync(VirDomain dom, XmlFlags flags, CancellationToken ct) =>
        XElement.Parse(await dom.GetXmlDescAsync(flags, ct));

    private static uint ScreenOf(string? text) =>
        text is null ? 0
        : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new CliError($"Numeric value '{text}' for <screen> option is malformed or out of range");

    /// <summary>virsh's name when no file is given: DOMAIN-YYYY-MM-DD-HH:MM:SS plus the extension of the MIME type.</summary>
    internal static string GeneratedName(string domain, string mime)
    {
        var ext = mime switch { "image/x-portable-pixmap" => ".ppm", "image/png" => ".png", _ => "" };
        return $"{domain}-{DateTime.Now.ToString("yyyy-MM-dd-HH:mm:ss", CultureInfo.InvariantCulture)}{ext}";
    }

    /// <summary>Writes the stream to the file, then finishes the stream; each failure in virsh's words.</summary>
    private static async Task SaveAsync(string domain, VirScreenshot shot, string path, CancellationToken ct)
    {
        FileStream output;
        try
        {
            output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await shot.Image.AbortAsync(ct);
            throw new CliError($"cannot create file {path}");
        }
        await using (output)
        {
            try
            {
                await shot.Image.CopyToAsync(output, ct);
            }
            catch (Exception e) when (e is VirException or IOException)
            {
                throw new CliError($"could not receive data from domain {domain}");
            }
        }
        try
        {
            await shot.Image.FinishAsync(ct);
        }
        catch (VirException e)
        {
            throw new CliError($"cannot close stream on domain {domain}", e.Message);
        }
    }
}
