using System.Text;
using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>guest-set-user-password's arguments: the password travels base64-encoded, "crypted" when it is already a hash. Pure.</summary>
internal static class UserPassword
{
    public static JsonObject Arguments(string user, string password, SetUserPasswordFlags flags) => new()
    {
        ["username"] = user,
        ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
        ["crypted"] = flags.HasFlag(SetUserPasswordFlags.Encrypted),
    };
}
