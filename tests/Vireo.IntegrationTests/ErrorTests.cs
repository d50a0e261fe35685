using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// Refused requests: each is a whole sentence naming the domain and the cause, and leaves every file
/// under the state directory exactly as it was.
/// </summary>
public sealed class ErrorTests : EngineTest
{

    /// <summary>Runs a call that must fail; checks the error and that nothing on disk changed.</summary>
    private async Task<VirException> RefusedAsync(Func<Task> call)
    {
        var before = Root.Snapshot();
        var e = await Assert.ThrowsAsync<VirException>(call);
        Assert.Equal(before, Root.Snapshot());
        return e;
    }

    private Task<DomainRef> DefineAsync(string xml) => Engine.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None).AsTask();

    [Fact]
    public async Task MalformedXml_IsAnXmlError()
    {
        var e = await RefusedAsync(() => DefineAsync("<domain type='qemu'><name>broken</name>"));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
    }

    [Fact]
    public async Task DuplicateName_WithAnotherUuid_IsRefused()
    {
        var name = DemoKit.UniqueName("dup");
        var first = await DefineAsync(DemoKit.DomainXml(name));
        var e = await RefusedAsync(() => DefineAsync(DemoKit.DomainXml(name, x => x.Replace("<memory", $"<uuid>{Guid.NewGuid()}</uuid>\n  <memory"))));
        Assert.Contains($"domain '{name}' already exists with uuid {first.Uuid:D}", e.Message);
    }

    [Fact]
    public async Task DuplicateUuid_WithAnotherName_IsRefused()
    {
        var name = DemoKit.UniqueName("uuid");
        var first = await DefineAsync(DemoKit.DomainXml(name));
        var e = await RefusedAsync(() => DefineAsync(DemoKit.DomainXml(name + "-b", x => x.Replace("<memory", $"<uuid>{first.Uuid}</uuid>\n  <memory"))));
        Assert.Contains($"domain '{name}' is already defined with uuid {first.Uuid:D}", e.Message);
    }

    [Fact]
    public async Task UnknownMachineType_IsRefusedAtDefine()
    {
        var e = await RefusedAsync(() => DefineAsync(DemoKit.DomainXml(DemoKit.UniqueName("mach"), x => x.Replace("machine='pc'", "machine='pc-nonexistent-9.9'"))));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains("pc-nonexistent-9.9", e.Message);
    }

    [Fact]
    public async Task DeviceTheEmulatorLacks_IsRefusedAtDefine()
    {
        var e = await RefusedAsync(() => DefineAsync(DemoKit.DomainXml(DemoKit.UniqueName("dev"),
            x => x.Replace("<memballoon", "<video><model type='vmvga-nonexistent'/></video>\n    <memballoon"))));
        Assert.Contains("vmvga-nonexistent", e.Message);
    }

    [Fact]
    public async Task MissingDiskImage_RefusesTheStart_NamingTheFile_AsLibvirtd()
    {
        var name = DemoKit.UniqueName("disk");
        var d = await DefineAsync(DemoKit.DomainXml(name, x => x.Replace("<serial",
            "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/nonexistent/vireo-it.qcow2'/><target dev='vda' bus='virtio'/></disk>\n    <serial")));
        var e = await RefusedAsync(() => Engine.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None).AsTask());
        Assert.Equal("Cannot access storage file '/nonexistent/vireo-it.qcow2': No such file or directory", e.Message);
        Assert.Equal(Core.State.DomainState.Shutoff, Engine.State(d.Uuid).State);
    }

    [Fact]
    public async Task QemuRefusingTheStart_FailsWithQemusOwnWords_KillsNothingElse_AndLeavesNoFiles()
    {
        // An empty file that the definition calls qcow2: every check before the spawn passes, QEMU itself refuses it.
        var image = Path.Combine(Path.GetTempPath(), $"vireo-it-{Guid.NewGuid():N}.qcow2");
        File.WriteAllBytes(image, []);
        try
        {
            var name = DemoKit.UniqueName("qref");
            var d = await DefineAsync(DemoKit.DomainXml(name, x => x.Replace("<serial",
                $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk>\n    <serial")));
            var e = await RefusedAsync(() => Engine.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None).AsTask());
            Assert.Contains($"domain '{name}' failed to start", e.Message);
            Assert.Contains("QEMU said:", e.Message);
            Assert.Contains("qcow2", e.Message[e.Message.IndexOf("QEMU said:", StringComparison.Ordinal)..]);
            Assert.Equal(DomainState.Shutoff, Engine.State(d.Uuid).State);
            Assert.Equal(-1, Engine.Domains.LookupByUuid(d.Uuid).Id);
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Fact]
    public async Task KvmType_OnAHostWhereKvmIsUnusable_SaysWhy()
    {
        var kvm = Vireo.Platform.Host.KvmProbe.Check();
        Assert.SkipWhen(kvm.Usable, "This host can run KVM guests, so there is no refusal to test.");
        var name = DemoKit.UniqueName("kvm");
        var d = await DefineAsync(DemoKit.DomainXml(name, x => x.Replace("<domain type='qemu'>", "<domain type='kvm'>")));
        var e = await RefusedAsync(() => Engine.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None).AsTask());
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains($"cannot start domain '{name}' with type 'kvm'", e.Message);
        Assert.Contains(kvm.Reason, e.Message);
        Assert.DoesNotContain("<domain type='kvm'/>", Engine.Driver.Host.CapabilitiesXml());
    }

    [Fact]
    public async Task StartingARunningDomain_IsRefused()
    {
        var d = await Engine.DefineAndStartAsync(DemoKit.UniqueName("twice"));
        var e = await RefusedAsync(() => Engine.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None).AsTask());
        Assert.Equal(VirErrorCode.OperationInvalid, e.Code);
        Assert.Contains("already running", e.Message);
    }

    [Fact]
    public async Task PowerOperationsOnAnInactiveDomain_SayItIsNotRunning()
    {
        var d = await DefineAsync(DemoKit.DomainXml(DemoKit.UniqueName("off")));
        foreach (var call in new Func<Task>[]
                 {
                     () => Engine.Lifecycle.ShutdownAsync(d.Uuid, ShutdownFlags.Default, CancellationToken.None).AsTask(),
                     () => Engine.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None).AsTask(),
                     () => Engine.Lifecycle.SuspendAsync(d.Uuid, CancellationToken.None).AsTask(),
                     () => Engine.Lifecycle.RebootAsync(d.Uuid, ShutdownFlags.Default, CancellationToken.None).AsTask(),
                     () => Engine.Driver.Consoles.OpenAsync(d.Uuid, null, true, CancellationToken.None).AsTask(),
                 })
        {
            var e = await RefusedAsync(call);
            Assert.Equal("Requested operation is not valid: domain is not running", e.Message);
        }
    }

    [Fact]
    public async Task UndefineOfARunningPersistentDomain_LeavesItRunningAsTransient()
    {
        var name = DemoKit.UniqueName("undef");
        var d = await Engine.DefineAndStartAsync(name);
        await Engine.Lifecycle.UndefineAsync(d.Uuid, UndefineFlags.None, CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(Engine.Paths.ConfigDir, name + ".xml")));
        Assert.False(Engine.Domains.IsPersistent(d.Uuid));
        Assert.Equal(Core.State.DomainState.Running, Engine.State(d.Uuid).State);
        await Engine.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None);
        Assert.Throws<VirException>(() => Engine.Domains.LookupByUuid(d.Uuid));
    }
}
