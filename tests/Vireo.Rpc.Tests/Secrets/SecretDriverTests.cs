using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Drivers.Secrets;

namespace Vireo.Rpc.Tests.Secrets;

/// <summary>
/// The secret driver's rules over its real files in a temp directory: what a restart keeps, moving a secret
/// between ephemeral and persistent, a redefinition keeping the value, damaged files, and the events. The
/// virsh and python-libvirt path is SecretVirshTests'.
/// </summary>
public sealed class SecretDriverTests : IDisposable
{
    private const string U = "aaaaaaaa-2222-3333-4444-555555555555";
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<SecretDriver> StartAsync()
    {
        var d = new SecretDriver(new SecretStore(_dir), NullLogger.Instance);
        await d.StartAsync(TestContext.Current.CancellationToken);
        return d;
    }

    private string File(string suffix) => Path.Combine(_dir, U + suffix);

    [Fact]
    public async Task An_ephemeral_secret_made_persistent_takes_its_value_to_disk_and_back_again_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = await StartAsync();
        var s = await d.DefineAsync($"<secret ephemeral='yes'><uuid>{U}</uuid></secret>", 0, ct);
        await d.SetValueAsync(s, "v1"u8.ToArray(), 0, ct);
        Assert.False(System.IO.File.Exists(File(".xml")));
        Assert.False(System.IO.File.Exists(File(".base64")));

        await d.DefineAsync($"<secret ephemeral='no'><uuid>{U}</uuid></secret>", 0, ct);
        Assert.Equal("djE=", System.IO.File.ReadAllText(File(".base64")));
        Assert.Contains("ephemeral='no'", System.IO.File.ReadAllText(File(".xml")));
        var restarted = await StartAsync();
        Assert.Equal("v1"u8.ToArray(), restarted.GetValue(restarted.LookupByUuid(Guid.Parse(U)), 0, internalCall: false));

        await d.DefineAsync($"<secret ephemeral='yes'><uuid>{U}</uuid></secret>", 0, ct);
        Assert.False(System.IO.File.Exists(File(".xml")));
        Assert.False(System.IO.File.Exists(File(".base64")));
        Assert.Equal("v1"u8.ToArray(), d.GetValue(s, 0, internalCall: false)); // the value stays in memory
        Assert.Empty((await StartAsync()).List(SecretListFlags.None));
    }

    [Fact]
    public async Task A_refused_redefinition_changes_nothing_and_events_follow_each_change()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = await StartAsync();
        var events = new List<string>();
        d.Changed += e => events.Add($"{e.Id}:{e.Lifecycle}:{e.Secret.UsageId}");
        var s = await d.DefineAsync($"<secret private='yes'><uuid>{U}</uuid><usage type='tls'><name>a</name></usage></secret>", 0, ct);
        await d.SetValueAsync(s, "k"u8.ToArray(), 0, ct);
        var before = System.IO.File.ReadAllText(File(".xml"));

        var e1 = await Assert.ThrowsAsync<VirException>(() => d.DefineAsync($"<secret private='no'><uuid>{U}</uuid><usage type='tls'><name>a</name></usage></secret>", 0, ct));
        Assert.Equal("internal error: cannot change private flag on existing secret", e1.Message);
        var e2 = await Assert.ThrowsAsync<VirException>(() => d.DefineAsync($"<secret private='yes'><uuid>{U}</uuid><usage type='tls'><name>b</name></usage></secret>", 0, ct));
        Assert.Equal($"internal error: a secret with UUID {U} is already defined for use with a", e2.Message);
        Assert.Equal(before, System.IO.File.ReadAllText(File(".xml")));

        await d.DefineAsync($"<secret private='yes'><uuid>{U}</uuid><description>new</description><usage type='tls'><name>a</name></usage></secret>", 0, ct);
        Assert.Equal("k"u8.ToArray(), d.GetValue(s, 0, internalCall: true)); // a redefinition keeps the value
        Assert.Equal(VirErrorCode.InvalidSecret, Assert.Throws<VirException>(() => d.GetValue(s, 0, internalCall: false)).Code);
        await d.UndefineAsync(s, ct);
        Assert.False(System.IO.File.Exists(File(".base64")));
        Assert.Equal(["Lifecycle:Defined:a", "ValueChanged:Defined:a", "Lifecycle:Defined:a", "Lifecycle:Undefined:a"], events);
    }

    [Fact]
    public async Task A_damaged_or_misnamed_file_is_skipped_and_the_others_load()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = await StartAsync();
        await d.DefineAsync($"<secret><uuid>{U}</uuid></secret>", 0, ct);
        System.IO.File.WriteAllText(Path.Combine(_dir, "bbbbbbbb-2222-3333-4444-555555555555.xml"), "<secret");
        System.IO.File.WriteAllText(Path.Combine(_dir, "cccccccc-2222-3333-4444-555555555555.xml"), $"<secret><uuid>{U}</uuid></secret>");
        var restarted = await StartAsync();
        Assert.Equal([Guid.Parse(U)], restarted.List(SecretListFlags.None).Select(s => s.Uuid));
    }
}
