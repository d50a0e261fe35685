using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;

namespace Vireo.Rpc.Tests;

/// <summary>
/// The lookups every domain call starts with (DOMAIN_LOOKUP_BY_NAME/UUID/ID) come from indexes that follow
/// define, start, stop and undefine.
/// </summary>
public sealed class DomainRegistryTests
{
    private static DomainObject Define(DomainRegistry r, string name)
    {
        var def = DomainXml.Parse($"<domain type='qemu'><name>{name}</name><uuid>{Guid.NewGuid()}</uuid><memory>65536</memory><os><type>hvm</type></os></domain>");
        return r.AddOrGet(def.Uuid, def.Name, () => new DomainObject(def, persistentDefined: true));
    }

    [Fact]
    public void A_transient_domain_whose_definition_is_gone_is_removed_from_every_index()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var def = DomainXml.Parse($"<domain type='qemu'><name>tr</name><uuid>{Guid.NewGuid()}</uuid><memory>65536</memory><os><type>hvm</type></os></domain>");
        var dom = r.AddOrGet(def.Uuid, def.Name, () => new DomainObject(def, persistentDefined: false));
        dom.SetActive(r.NextId(), StateWithReason.Of(RunningReason.Booted));
        dom.Live = null; // a transient domain being stopped: nothing names it any more

        r.Remove(dom);

        Assert.Null(r.FindByName("tr"));
        Assert.Null(r.FindByUuid(def.Uuid));
        Assert.Empty(r.All);
    }

    [Fact]
    public void Name_uuid_and_id_lookups_follow_start_stop_and_removal()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var doms = Enumerable.Range(0, 50).Select(i => Define(r, $"vm{i}")).ToArray();
        Assert.Same(doms[7], r.FindByName("vm7"));
        Assert.Same(doms[7], r.FindByUuid(doms[7].Uuid));
        Assert.Null(r.FindByName("VM7")); // names are case-sensitive, as libvirt's
        Assert.Null(r.FindById(1));

        var id = r.NextId();
        doms[7].SetActive(id, StateWithReason.Of(RunningReason.Booted));
        Assert.Same(doms[7], r.FindById(id));
        doms[7].SetInactive(StateWithReason.Of(ShutoffReason.Destroyed));
        Assert.Null(r.FindById(id));
        Assert.Equal(VirErrorCode.NoDomain, Assert.Throws<VirException>(() => r.GetById(id)).Code);

        var id2 = r.NextId();
        doms[9].SetActive(id2, StateWithReason.Of(RunningReason.Booted));
        r.Remove(doms[9]);
        Assert.Null(r.FindById(id2));
        Assert.Null(r.FindByName("vm9"));
        Assert.Null(r.FindByUuid(doms[9].Uuid));
        Assert.Equal(49, r.All.Count);
        Assert.DoesNotContain(doms[9], r.All);
        doms[9].SetInactive(StateWithReason.Of(ShutoffReason.Destroyed)); // a removed domain's stop changes nothing here
        Assert.Null(r.FindById(id2));
    }

    [Fact]
    public void A_name_or_uuid_held_by_another_domain_is_refused_and_redefinition_returns_the_same_object()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var a = Define(r, "web");
        Assert.Same(a, r.AddOrGet(a.Uuid, "web", () => throw new InvalidOperationException("must not create")));
        var clash = Assert.Throws<VirException>(() => Define(r, "web"));
        Assert.Contains("domain 'web' already exists with uuid", clash.Message);
        Assert.Throws<VirException>(() => r.AddOrGet(a.Uuid, "other", () => throw new InvalidOperationException("must not create")));
        Assert.Single(r.All);
    }

    [Fact]
    public void A_rename_moves_the_name_index_and_refuses_a_name_in_use()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var a = Define(r, "a");
        Define(r, "b");

        var taken = Assert.Throws<VirException>(() => r.Rename(a, a.Persistent! with { Name = "b" }));
        Assert.Equal((VirErrorCode.OperationInvalid, "Requested operation is not valid: domain with name 'b' already exists"), (taken.Code, taken.Message));
        Assert.Same(a, r.FindByName("a"));

        r.Rename(a, a.Persistent! with { Name = "c" });
        Assert.Null(r.FindByName("a"));
        Assert.Same(a, r.FindByName("c"));
        Assert.Equal("c", a.Name);
        Assert.Same(a, r.FindByUuid(a.Uuid));
    }

    [Fact]
    public void Rename_rules_are_libvirts()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var a = Define(r, "a");
        string Refusal(string? name, uint flags = 0) =>
            Assert.Throws<VirException>(() => DomainRename.Check(a, name, flags, "qemuDomainRename", VirErrorDomain.Qemu)).Message;

        Assert.Equal("Requested operation is not valid: Can't rename domain to itself", Refusal("a"));
        Assert.Equal("XML error: name x/y cannot contain '/'", Refusal("x/y"));
        Assert.Equal("unsupported flags (0x1) in function qemuDomainRename", Refusal("b", 1));
        // virCheckNonNullArg's sentence alone, naming the public function and the argument as libvirt's str1 and str2.
        var nullName = Assert.Throws<VirException>(() => DomainRename.Check(a, null, 0, "qemuDomainRename", VirErrorDomain.Qemu));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.Domain, "new_name in virDomainRename must not be NULL", "virDomainRename", "new_name"),
            (nullName.Code, nullName.ErrorDomain, nullName.Message, nullName.Str1, nullName.Detail));
        Assert.StartsWith("XML error: the domain name 'xxxx", Refusal(new string('x', 201)));
        Assert.Equal("b", DomainRename.Check(a, "b", 0, "qemuDomainRename", VirErrorDomain.Qemu).Name);

        a.SetActive(r.NextId(), StateWithReason.Of(RunningReason.Booted));
        Assert.Equal("Requested operation is not valid: cannot rename active domain", Refusal("b"));
    }

    [Fact]
    public async Task Domcontrol_reports_the_job_an_operation_holds_and_for_how_long()
    {
        var r = new DomainRegistry(VirErrorDomain.Qemu);
        var a = Define(r, "a");
        Assert.Equal("Requested operation is not valid: domain is not running",
            Assert.Throws<VirException>(() => DomainControl.Of(a, DateTime.UtcNow)).Message);

        a.SetActive(r.NextId(), StateWithReason.Of(RunningReason.Booted));
        Assert.Equal(new DomainControlInfo(DomainControlState.Ok, 0, 0), DomainControl.Of(a, DateTime.UtcNow));
        using (await a.Job.AcquireAsync("snapshot-delete", a.Name, TimeSpan.FromSeconds(1), CancellationToken.None))
        {
            var since = a.Job.Current!.Since;
            Assert.Equal(new DomainControlInfo(DomainControlState.Job, 0, 2500), DomainControl.Of(a, since.AddMilliseconds(2500)));
        }
        Assert.Equal(DomainControlState.Ok, DomainControl.Of(a, DateTime.UtcNow).State);
    }
}
