using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// get-user-sshkeys/set-user-sshkeys as qemu-guest-agent's guest-ssh-* commands, the way libvirt's QEMU driver
/// sends them: remove with guest-ssh-remove-authorized-keys; otherwise guest-ssh-add-authorized-keys, with
/// reset unless the keys are appended. Pure: messages in, messages out.
/// </summary>
internal static class AuthorizedKeys
{
    public const string Get = "guest-ssh-get-authorized-keys", Add = "guest-ssh-add-authorized-keys", Remove = "guest-ssh-remove-authorized-keys";

    public static JsonObject GetArguments(string user) => new() { ["username"] = user };

    /// <summary>The command and its arguments for a set with <paramref name="flags"/>.</summary>
    public static (string Command, JsonObject Arguments) SetCommand(string user, IReadOnlyList<string> keys, AuthorizedSshKeysSetFlags flags)
    {
        var list = new JsonArray(keys.Select(k => (JsonNode?)k).ToArray());
        if (flags.HasFlag(AuthorizedSshKeysSetFlags.Remove))
            return (Remove, new JsonObject { ["username"] = user, ["keys"] = list });
        return (Add, new JsonObject { ["username"] = user, ["keys"] = list, ["reset"] = !flags.HasFlag(AuthorizedSshKeysSetFlags.Append) });
    }

    /// <summary>The keys of a guest-ssh-get-authorized-keys answer ({"keys": [...]}).</summary>
    public static IReadOnlyList<string> FromAnswer(JsonNode? answer, string domainName) =>
        answer?["keys"] is JsonArray keys
            ? keys.Select(k => k?.GetValue<string>() ?? "").ToList()
            : throw VirErrors.Failed($"the guest agent of domain '{domainName}' answered {Get} without a list of keys");
}
