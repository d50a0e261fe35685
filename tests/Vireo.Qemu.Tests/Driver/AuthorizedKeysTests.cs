using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Tests.Driver;

/// <summary>The guest-ssh-* messages for get-user-sshkeys/set-user-sshkeys, as libvirt's QEMU driver sends them.</summary>
public sealed class AuthorizedKeysTests
{
    [Theory]
    [InlineData(AuthorizedSshKeysSetFlags.None, "guest-ssh-add-authorized-keys", """{"username":"root","keys":["k1","k2"],"reset":true}""")]
    [InlineData(AuthorizedSshKeysSetFlags.Append, "guest-ssh-add-authorized-keys", """{"username":"root","keys":["k1","k2"],"reset":false}""")]
    [InlineData(AuthorizedSshKeysSetFlags.Remove, "guest-ssh-remove-authorized-keys", """{"username":"root","keys":["k1","k2"]}""")]
    [InlineData(AuthorizedSshKeysSetFlags.Remove | AuthorizedSshKeysSetFlags.Append, "guest-ssh-remove-authorized-keys", """{"username":"root","keys":["k1","k2"]}""")]
    public void A_set_is_an_add_with_reset_unless_appended_or_a_remove(AuthorizedSshKeysSetFlags flags, string command, string arguments)
    {
        var (c, a) = AuthorizedKeys.SetCommand("root", ["k1", "k2"], flags);
        Assert.Equal(command, c);
        Assert.Equal(arguments, a.ToJsonString());
    }

    [Fact]
    public void A_get_names_the_user_and_reads_the_keys_of_the_answer()
    {
        Assert.Equal("""{"username":"alice"}""", AuthorizedKeys.GetArguments("alice").ToJsonString());
        Assert.Equal(["a", "b"], AuthorizedKeys.FromAnswer(JsonNode.Parse("""{"keys":["a","b"]}"""), "d"));
        Assert.Contains("without a list of keys", Assert.Throws<VirException>(() => AuthorizedKeys.FromAnswer(JsonNode.Parse("{}"), "d")).Message);
    }
}
