using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace Vireo.Web.Assets;

/// <summary>
/// The page's files, embedded in this assembly from wwwroot/ (so a published vireod needs no asset folder).
/// "/" is index.html; every answer says no-cache, so an upgraded vireod's page is picked up at once.
/// </summary>
public sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";
    private readonly FrozenDictionary<string, (byte[] Content, string ContentType)> _files;

    private StaticAssets(FrozenDictionary<string, (byte[] Content, string ContentType)> files) => _files = files;

    /// <summary>The URL paths served ("/index.html", "/app.js", ...).</summary>
    public IEnumerable<string> Paths => _files.Keys;

    public static StaticAssets FromAssembly(Assembly assembly)
    {
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var path = "/" + name[Prefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[path] = (copy.ToArray(), ContentTypeOf(types, path));
        }
        return new StaticAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The Content-Type of a file by its extension; text types say UTF-8.</summary>
    public static string ContentTypeOf(FileExtensionContentTypeProvider types, string path)
    {
        if (!types.TryGetContentType(path, out var type)) return "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json" or "image/svg+xml"
            ? type + "; charset=utf-8"
            : type;
    }

    /// <summary>Serves GET and HEAD of the embedded files; everything else goes on.</summary>
    public void Use(IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var method = ctx.Request.Method;
        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && !ctx.Request.Path.StartsWithSegments("/api"))
        {
            var path = ctx.Request.Path.Value is null or "" or "/" ? "/index.html" : ctx.Request.Path.Value;
            if (_files.TryGetValue(path, out var file))
            {
                ctx.Response.ContentType = file.ContentType;
                ctx.Response.ContentLength = file.Content.Length;
                ctx.Response.Headers.CacheControl = "no-cache";
                ctx.Response.Headers.XContentTypeOptions = "nosniff";
                if (HttpMethods.IsGet(method)) await ctx.Response.Body.WriteAsync(file.Content, ctx.RequestAborted).ConfigureAwait(false);
                return;
            }
        }
        await next(ctx).ConfigureAwait(false);
    });
}
