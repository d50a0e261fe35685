using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.GuestAgent;

/// <summary>
/// virsh/vireo get-user-sshkeys and set-user-sshkeys (DOMAIN_AUTHORIZED_SSH_KEYS_GET/SET 424/425) against vireod
/// with a real TCG guest whose kit runs qemu-guest-agent (which has guest-ssh-*): the keys land in root's
/// ~/.ssh/authorized_keys, read back on the guest's console.
/// </summary>
public sealed class AuthorizedSshKeysTests
{
    private const string KeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGf3m4XgRk0xq2Yx9Jj0bQy8w3c1n2p4r5s6t7u8v9w0 alice@example";
    private const string KeyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH1a2b3c4d5e6f7g8h9i0j1k2l3m4n5o6p7q8r9s0t1u bob@example";

    [Fact]
    public async Task Keys_are_set_appended_removed_and_read_back_in_the_guests_file()
    {
        await using var rig = await ServedEngine.StartAsync();
        var g = await rig.StartGuestAsync("ssh", DemoKit.WithAgentChannel);
        await using var console = await rig.ReadyConsoleAsync(g);
        var fileA = rig.WriteFile("a.pub", KeyA + "\n");
        var fileB = rig.WriteFile("b.pub", KeyB + "\n");

        // No file yet: the agent's own refusal, in libvirt's form.
        Assert.Contains("error: internal error: unable to execute QEMU agent command 'guest-ssh-get-authorized-keys': failed to read '/root/.ssh/authorized_keys'",
            await rig.VirshFailsAsync("get-user-sshkeys", g, "root"));

        await rig.VireoOkAsync("set-user-sshkeys", g, "root", "--file", fileA, "--reset");
        Assert.Equal(KeyA, (await console.RunAsync("cat /root/.ssh/authorized_keys")).Trim());
        Assert.Equal(KeyA, (await rig.VirshOkAsync("get-user-sshkeys", g, "root")).Trim());

        await rig.VirshOkAsync("set-user-sshkeys", g, "root", "--file", fileB); // appended
        var both = await console.RunAsync("cat /root/.ssh/authorized_keys");
        Assert.Contains(KeyA, both);
        Assert.Contains(KeyB, both);
        var listed = (await rig.VireoOkAsync("get-user-sshkeys", g, "root")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([KeyA, KeyB], listed.Order(StringComparer.Ordinal));

        await rig.VirshOkAsync("set-user-sshkeys", g, "root", "--file", fileA, "--remove");
        Assert.Equal(KeyB, (await console.RunAsync("cat /root/.ssh/authorized_keys")).Trim());
        await rig.VireoOkAsync("set-user-sshkeys", g, "root", "--reset"); // no file: cleared
        Assert.Equal("", (await console.RunAsync("cat /root/.ssh/authorized_keys")).Trim());

        Assert.Equal("error: Option --file is required", (await rig.VireoAsync("set-user-sshkeys", g, "root")).Stderr.Trim());
        Assert.Contains("error: Option --file is required by option --remove", await rig.VirshFailsAsync("set-user-sshkeys", g, "root", "--reset", "--remove"));

        var script = rig.WriteFile("keys.py", """
            import libvirt, sys
            d = libvirt.open(sys.argv[1]).lookupByName(sys.argv[2])
            for call in (lambda: d.authorizedSSHKeysGet("root", 1), lambda: d.authorizedSSHKeysSet("root", [], 4),
                         lambda: d.authorizedSSHKeysGet("nosuchuser", 0)):
                try:
                    print(call())
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """);
        var lines = (await ProcessRunner.OkAsync("/usr/bin/python3", script, rig.Uri, g)).Split('\n');
        Assert.Equal("8 10 unsupported flags (0x1) in function qemuDomainAuthorizedSSHKeysGet", lines[0]);
        Assert.Equal("8 10 unsupported flags (0x4) in function qemuDomainAuthorizedSSHKeysSet", lines[1]);
        Assert.StartsWith("1 10 internal error: unable to execute QEMU agent command 'guest-ssh-get-authorized-keys': failed to lookup user 'nosuchuser'", lines[2]);
    }
}
