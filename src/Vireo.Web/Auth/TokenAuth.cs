using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Web.Api;

namespace Vireo.Web.Auth;

/// <summary>
/// Who may use the API: whoever presents vireod's web token, as "Authorization: Bearer TOKEN" (programs) or as
/// the vireo_token cookie (the page). The static page itself needs no token: it holds nothing secret.
/// </summary>
public static class TokenAuth
{
    public const string CookieName = "vireo_token";

    public static CookieOptions CookieOptions() => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    /// <summary>The token a request presents: the bearer header wins over the cookie.</summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
    }

    /// <summary>
    /// The middleware: /?token=... signs a browser in (cookie, then a redirect to / so the token leaves the
    /// address bar and history); every /api route except the session routes needs the token.
    /// </summary>
    public static void Use(IApplicationBuilder app, WebToken token) => app.Use(async (ctx, next) =>
    {
        var path = ctx.Request.Path;
        if (path == "/" && ctx.Request.Query.TryGetValue("token", out var given))
        {
            if (!token.Matches(given.ToString()))
            {
                await ApiContext.WriteErrorAsync(ctx, WebErrors.Unauthorized()).ConfigureAwait(false);
                return;
            }
            ctx.Response.Cookies.Append(CookieName, token.Value, CookieOptions());
            ctx.Response.Headers.CacheControl = "no-store";
            ctx.Response.Redirect("/");
            return;
        }
        if (path.StartsWithSegments("/api") && !path.Equals("/api/v1/session") && !token.Matches(Presented(ctx.Request)))
        {
            await ApiContext.WriteErrorAsync(ctx, WebErrors.Unauthorized()).ConfigureAwait(false);
            return;
        }
        await next(ctx).ConfigureAwait(false);
    });

    /// <summary>POST /api/v1/session {"token": "..."} sets the cookie (the sign-in form); DELETE clears it.</summary>
    public static void MapSession(IEndpointRouteBuilder app, WebToken token, long maxJsonBytes)
    {
        app.MapPost("/api/v1/session", async ctx =>
        {
            var request = await ApiContext.ReadJsonAsync(ctx, maxJsonBytes, WebJson.Api.SessionRequest, "{\"token\": \"...\"}").ConfigureAwait(false);
            if (request is null) return;
            if (!token.Matches(request.Token))
            {
                await ApiContext.WriteErrorAsync(ctx, WebErrors.Unauthorized()).ConfigureAwait(false);
                return;
            }
            ctx.Response.Cookies.Append(CookieName, token.Value, CookieOptions());
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        app.MapDelete("/api/v1/session", ctx =>
        {
            ctx.Response.Cookies.Delete(CookieName, CookieOptions());
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
    }
}
