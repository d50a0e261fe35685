using System.Text;
using Microsoft.AspNetCore.Http;
using Vireo.Core.Errors;

namespace Vireo.Web.Api;

/// <summary>
/// The REST edge's one error mapping: a VirException becomes libvirt's code, its name, the error domain and
/// the same sentence virsh prints, with an HTTP status chosen by the code (docs/web.md "Errors").
/// </summary>
public static class WebErrors
{
    public static int StatusOf(VirErrorCode code) => code switch
    {
        VirErrorCode.NoDomain or VirErrorCode.NoConnect or VirErrorCode.NoDomainSnapshot
            or VirErrorCode.NoNetwork or VirErrorCode.NoStoragePool or VirErrorCode.NoStorageVol => StatusCodes.Status404NotFound,
        VirErrorCode.OperationInvalid or VirErrorCode.DomExist or VirErrorCode.ResourceBusy
            or VirErrorCode.BlockCopyActive or VirErrorCode.OperationTimeout => StatusCodes.Status409Conflict,
        VirErrorCode.XmlError or VirErrorCode.XmlDetail or VirErrorCode.XmlInvalidSchema or VirErrorCode.InvalidArg
            or VirErrorCode.InvalidMac or VirErrorCode.ConfigUnsupported or VirErrorCode.ArgumentUnsupported
            or VirErrorCode.OsType or VirErrorCode.NoName or VirErrorCode.NoOs => StatusCodes.Status400BadRequest,
        VirErrorCode.NoSupport or VirErrorCode.OperationUnsupported => StatusCodes.Status501NotImplemented,
        VirErrorCode.OperationDenied or VirErrorCode.AccessDenied => StatusCodes.Status403Forbidden,
        VirErrorCode.AuthFailed => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>libvirt's constant name of a code: NoDomain -> VIR_ERR_NO_DOMAIN (our enum spells libvirt's names in Pascal case).</summary>
    public static string CodeName(VirErrorCode code)
    {
        var name = code.ToString();
        if (name.Length > 0 && char.IsDigit(name[0])) return "VIR_ERR_" + name; // a number we have no name for
        var sb = new StringBuilder("VIR_ERR_");
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) sb.Append('_');
            sb.Append(char.ToUpperInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static ErrorBody Body(VirException e) =>
        new(new ErrorView((int)e.Code, CodeName(e.Code), (int)e.ErrorDomain, e.Message));

    /// <summary>No token, or a wrong one. Says where the token is, since that is all the caller needs.</summary>
    public static VirException Unauthorized() => new(VirErrorCode.AuthFailed, VirErrorDomain.None,
        "this API needs vireod's web token; send it as 'Authorization: Bearer TOKEN' or open /?token=TOKEN once in a browser " +
        "(root can read the token in the file web-token in vireod's state directory, /var/lib/vireo/web-token by default)");

    public static VirException CrossOrigin(string origin) => new(VirErrorCode.OperationDenied, VirErrorDomain.None,
        $"the console refuses a connection from the page at {origin}; open it from the page vireod serves");

    public static VirException NoDriver(string name, IEnumerable<string> known) => new(VirErrorCode.NoConnect, VirErrorDomain.None,
        $"'{name}': this vireod has no driver of that name (its drivers are {string.Join(", ", known)})");

    public static VirException UnknownAction(string action) => new(VirErrorCode.InvalidArg, VirErrorDomain.None,
        $"'{action}' is not a domain action; the actions are {string.Join(", ", DomainActions.Names)}");

    public static VirException UnknownResourceAction(string action, string kind, IEnumerable<string> actions) => new(VirErrorCode.InvalidArg, VirErrorDomain.None,
        $"'{action}' is not a {kind} action; the actions are {string.Join(", ", actions)}");

    public static VirException NoSharedDriver(string what, VirErrorDomain domain) => new(VirErrorCode.NoSupport, domain,
        $"this vireod serves no {what} (it runs only the in-memory test driver)");

    public static VirException UnknownRoute(string method, string path) => new(VirErrorCode.NoSupport, VirErrorDomain.None,
        $"{method} {path} (docs/web.md lists the routes of API version 1)");

    public static VirException TooLarge(string what, long limit) => new(VirErrorCode.InvalidArg, VirErrorDomain.None,
        $"the {what} is larger than {limit / 1024} KiB, the most vireod accepts");

    public static VirException BadJson(string example) => new(VirErrorCode.InvalidArg, VirErrorDomain.None,
        $"the body must be JSON like {example}");
}
