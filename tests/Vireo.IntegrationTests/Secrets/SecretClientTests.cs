using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Drivers.Secrets;
using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Secrets;

/// <summary>
/// What virsh and python-libvirt cannot show: their libraries refuse read-only changes before a call leaves
/// the client, so here Vireo's own client sends them to vireod's read-only socket, which must refuse them
/// itself. And vireo's secret-* commands print what Debian's virsh prints against the same server.
/// </summary>
public sealed class SecretClientTests
{
    [Fact]
    public async Task The_read_only_socket_itself_refuses_define_set_get_and_undefine_but_answers_lookups()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        await using var rw = await VirConnection.OpenAsync(served.Uri, ct: ct);
        var s = await rw.DefineSecretAsync("<secret><uuid>aaaaaaaa-2222-3333-4444-555555555555</uuid><usage type='tls'><name>web</name></usage></secret>", ct);
        await s.SetValueAsync("v"u8.ToArray(), ct);

        await using var conn = await VirConnection.OpenAsync($"qemu+unix:///system?socket={ro}", ct: ct);
        var seen = await conn.LookupSecretAsync(SecretUsageType.Tls, "web", ct);
        Assert.Equal(s.Uuid, seen.Uuid);
        Assert.Contains("<name>web</name>", await seen.GetXmlDescAsync(ct));
        foreach (var (api, call) in new (string, Func<Task>)[]
        {
            ("virSecretDefineXML", () => conn.DefineSecretAsync("<secret/>", ct)),
            ("virSecretSetValue", () => seen.SetValueAsync("x"u8.ToArray(), ct)),
            ("virSecretGetValue", () => seen.GetValueAsync(ct)),
            ("virSecretUndefine", () => seen.UndefineAsync(ct)),
        })
        {
            var e = await Assert.ThrowsAsync<VirException>(call);
            Assert.Equal(VirErrorCode.OperationDenied, e.Code);
            Assert.Equal(VirErrorDomain.Secret, e.ErrorDomain);
            Assert.Equal($"operation forbidden: read only access prevents {api}", e.Message);
        }
        Assert.Equal("v"u8.ToArray(), await s.GetValueAsync(ct)); // nothing changed
        Assert.Single(await rw.ListSecretsAsync(ct: ct));
    }

    [Fact]
    public async Task Vireo_secret_commands_print_what_virsh_prints()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        const string u = "aaaaaaaa-2222-3333-4444-555555555555";
        var file = served.WriteFile("s.xml", $"<secret private='no'><uuid>{u}</uuid><description>d</description><usage type='volume'><volume>/v/x.img</volume></usage></secret>");
        var (virshDefine, vireoDefine) = await served.BothOkAsync("secret-define", file);
        Assert.Equal($"Secret {u} created\n\n", virshDefine);
        Assert.Equal(virshDefine, vireoDefine);
        await served.VirshOkAsync("secret-define", served.WriteFile("e.xml", "<secret ephemeral='yes' private='yes'><uuid>11111111-2222-3333-4444-555555555555</uuid></secret>"));
        foreach (var args in new[]
        {
            new[] { "secret-list" }, ["secret-list", "--ephemeral"], ["secret-list", "--no-private"], ["secret-dumpxml", u],
            ["secret-set-value", u, "aGVsbG8="], ["secret-get-value", u], ["secret-get-value", u, "--plain"],
        })
        {
            var (virsh, vireo) = await served.BothOkAsync(args);
            Assert.Equal(virsh, vireo);
        }
        foreach (var args in new[]
        {
            new[] { "secret-get-value", "11111111-2222-3333-4444-555555555555" }, ["secret-dumpxml", "00000000-0000-0000-0000-000000000009"],
        })
        {
            var virsh = await served.VirshAsync(args);
            var vireo = await served.VireoAsync(args);
            Assert.NotEqual(0, virsh.ExitCode);
            Assert.NotEqual(0, vireo.ExitCode);
            Assert.Equal(virsh.Stderr, vireo.Stderr);
        }
        var (virshUndefine, vireoUndefine) = (await served.VirshOkAsync("secret-undefine", u), "");
        Assert.Equal($"Secret {u} deleted\n\n", virshUndefine);
        await served.VireoOkAsync("secret-define", file);
        vireoUndefine = await served.VireoOkAsync("secret-undefine", u);
        Assert.Equal(virshUndefine, vireoUndefine);
    }
}
