using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Core.Storage;
using Vireo.Web.Api;
using Vireo.Web.Assets;
using Vireo.Web.Console;
using Vireo.Web.Events;
using LifecycleEvent = Vireo.Drivers.Events.LifecycleEvent;

namespace Vireo.Web.Tests;

/// <summary>The pure translations of the REST edge: domain objects, errors, event frames, console close reasons.</summary>
public sealed class MappingTests
{
    private static readonly Guid Web1 = Guid.Parse("c7a5fdbd-edaf-9455-926a-d65c16db1809");

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    private static DomainView RunningWeb1() => DomainViews.From("qemu",
        new DomainSummary(new DomainRef("web1", Web1, 3), StateWithReason.Of(RunningReason.Booted), Persistent: true, Autostart: false, SnapshotCount: 0),
        new DomainInfo(DomainState.Running, 131072, 131072, 1, 1843000000));

    [Fact]
    public void A_running_domain_is_the_documented_object()
    {
        Assert.Equal(Golden("domain.json").Trim(), JsonSerializer.Serialize(RunningWeb1(), WebJson.Api.DomainView));
    }

    [Fact]
    public void An_inactive_domain_has_a_null_id_virsh_words_for_state_and_reason_its_saved_image_and_title()
    {
        var view = DomainViews.From("lxc",
            new DomainSummary(new DomainRef("c1", new Guid("00000000-0000-0000-0000-000000000001"), -1), StateWithReason.Of(ShutoffReason.Saved),
                Persistent: true, Autostart: true, SnapshotCount: 2, HasManagedSave: true),
            new DomainInfo(DomainState.Shutoff, 262144, 65536, 2, 0), "Build box");
        Assert.Equal(Golden("domain-inactive.json").Trim(), JsonSerializer.Serialize(view, WebJson.Api.DomainView));
    }

    [Fact]
    public void A_gone_domain_named_only_by_an_event_is_shown_shut_off()
    {
        var view = DomainViews.Gone("qemu", new DomainRef("x", Web1, -1));
        Assert.Equal(("x", (int?)null, "shut off", 5, "unknown"), (view.Name, view.Id, view.State, view.StateCode, view.Reason));
    }

    [Fact]
    public void An_error_body_has_the_code_its_name_the_domain_and_virshs_sentence()
    {
        var body = WebErrors.Body(VirErrors.NoDomainByName("x"));
        Assert.Equal("""{"error":{"code":42,"codeName":"VIR_ERR_NO_DOMAIN","domain":10,"message":"Domain not found: no domain with matching name 'x'"}}""",
            JsonSerializer.Serialize(body, WebJson.Api.ErrorBody));
    }

    [Theory]
    [InlineData(VirErrorCode.NoDomain, 404)]
    [InlineData(VirErrorCode.NoConnect, 404)]
    [InlineData(VirErrorCode.NoNetwork, 404)]
    [InlineData(VirErrorCode.NoStoragePool, 404)]
    [InlineData(VirErrorCode.NoStorageVol, 404)]
    [InlineData(VirErrorCode.OperationInvalid, 409)]
    [InlineData(VirErrorCode.DomExist, 409)]
    [InlineData(VirErrorCode.ResourceBusy, 409)]
    [InlineData(VirErrorCode.XmlError, 400)]
    [InlineData(VirErrorCode.XmlDetail, 400)]
    [InlineData(VirErrorCode.InvalidArg, 400)]
    [InlineData(VirErrorCode.ConfigUnsupported, 400)]
    [InlineData(VirErrorCode.NoSupport, 501)]
    [InlineData(VirErrorCode.OperationUnsupported, 501)]
    [InlineData(VirErrorCode.OperationDenied, 403)]
    [InlineData(VirErrorCode.AuthFailed, 401)]
    [InlineData(VirErrorCode.InternalError, 500)]
    [InlineData(VirErrorCode.OperationFailed, 500)]
    [InlineData(VirErrorCode.SystemError, 500)]
    public void Codes_map_to_the_documented_http_status(VirErrorCode code, int status) => Assert.Equal(status, WebErrors.StatusOf(code));

    [Theory]
    [InlineData(VirErrorCode.NoDomain, "VIR_ERR_NO_DOMAIN")]
    [InlineData(VirErrorCode.OperationInvalid, "VIR_ERR_OPERATION_INVALID")]
    [InlineData(VirErrorCode.DomExist, "VIR_ERR_DOM_EXIST")]
    [InlineData(VirErrorCode.XmlError, "VIR_ERR_XML_ERROR")]
    [InlineData(VirErrorCode.InternalError, "VIR_ERR_INTERNAL_ERROR")]
    [InlineData(VirErrorCode.AuthFailed, "VIR_ERR_AUTH_FAILED")]
    [InlineData(VirErrorCode.XmlInvalidSchema, "VIR_ERR_XML_INVALID_SCHEMA")]
    [InlineData(VirErrorCode.Rpc, "VIR_ERR_RPC")]
    [InlineData((VirErrorCode)1000, "VIR_ERR_1000")]
    public void Code_names_are_libvirts_constants(VirErrorCode code, string name) => Assert.Equal(name, WebErrors.CodeName(code));

    [Fact]
    public void A_lifecycle_frame_is_one_event_line_one_data_line_and_a_blank_line()
    {
        var frame = EventFrames.Of(new LifecycleEvent(new DomainRef("web1", Web1, 3), LifecycleEventType.Started, (int)StartedDetail.Booted), RunningWeb1());
        Assert.Equal(Golden("lifecycle-started.txt"), frame);
    }

    [Fact]
    public void A_reboot_frame_carries_only_the_domain()
    {
        var frame = EventFrames.Of(new RebootEvent(new DomainRef("web1", Web1, 3)), RunningWeb1());
        Assert.Equal("event: reboot\ndata: {\"domain\":" + Golden("domain.json").Trim() + "}\n\n", frame);
    }

    [Fact]
    public void A_metadata_frame_names_the_part_that_changed_and_carries_the_domain()
    {
        var frame = EventFrames.Of(new MetadataChangeEvent(new DomainRef("web1", Web1, 3), (int)MetadataType.Title, null), RunningWeb1());
        Assert.Equal("event: metadata\ndata: {\"type\":\"title\",\"domain\":" + Golden("domain.json").Trim() + "}\n\n", frame);
        Assert.Equal("description", EventFrames.MetadataWord((int)MetadataType.Description));
        Assert.Equal("element", EventFrames.MetadataWord((int)MetadataType.Element));
    }

    [Fact]
    public void A_network_frame_carries_the_lifecycle_type_and_the_network_after_it()
    {
        var lab = new NetworkRef("lab", Guid.Parse("4f2a7c1e-0b6d-4e59-9a43-7d1c2b3e4f50"));
        var view = NetworkViews.From(lab, new NetworkInfo(Active: true, Persistent: true, Autostart: false, Bridge: "vnb0"));
        Assert.Equal(Golden("network-started.txt"), EventFrames.Of(new NetworkEvent(lab, NetworkEventType.Started), view));
        Assert.Equal("inactive", NetworkViews.From(lab, new NetworkInfo(false, true, false, null)).State);
    }

    [Fact]
    public void A_pool_frame_carries_the_lifecycle_type_or_refreshed_and_the_pool_after_it()
    {
        var images = new StoragePoolRef("images", Guid.Parse("8b1f3e2d-6c4a-4b7e-9f10-2a3b4c5d6e7f"));
        var view = PoolViews.From(images, new StoragePoolInfo(StoragePoolState.Running,
            new StoragePoolSizes(21474836480, 1073741824, 20401094656), Persistent: true, Autostart: true));
        Assert.Equal(Golden("pool-refreshed.txt"), EventFrames.Of(new StoragePoolEvent(images, null), view));
        Assert.StartsWith("event: pool\ndata: {\"type\":\"deleted\",", EventFrames.Of(new StoragePoolEvent(images, StoragePoolEventType.Deleted), view));
    }

    [Theory]
    [InlineData(StoragePoolState.Inactive, "inactive")]
    [InlineData(StoragePoolState.Building, "building")]
    [InlineData(StoragePoolState.Running, "running")]
    [InlineData(StoragePoolState.Degraded, "degraded")]
    [InlineData(StoragePoolState.Inaccessible, "inaccessible")]
    public void Pool_states_are_virsh_pool_list_words(StoragePoolState state, string word) => Assert.Equal(word, PoolViews.StateWord(state));

    [Fact]
    public void A_volume_is_its_name_path_type_format_and_sizes()
    {
        var v = PoolViews.From(new StorageVolReport("disk.qcow2", "/srv/images/disk.qcow2", VolumeFormat.Qcow2, 1073741824, 196608, 196608));
        Assert.Equal(new VolumeView("disk.qcow2", "/srv/images/disk.qcow2", "file", "qcow2", 1073741824, 196608), v);
    }

    [Fact]
    public void Events_the_stream_does_not_carry_have_no_frame() =>
        Assert.Null(EventFrames.Of(new RtcChangeEvent(new DomainRef("web1", Web1, 3), 5), RunningWeb1()));

    [Theory]
    [InlineData(LifecycleEventType.Started, 0, "started", "booted")]
    [InlineData(LifecycleEventType.Stopped, 1, "stopped", "destroyed")]
    [InlineData(LifecycleEventType.Stopped, 0, "stopped", "shutdown")]
    [InlineData(LifecycleEventType.Shutdown, 1, "shutdown", "finished after guest request")]
    [InlineData(LifecycleEventType.Undefined, 0, "undefined", "removed")]
    [InlineData(LifecycleEventType.PmSuspended, 0, "pmsuspended", "memory")]
    [InlineData(LifecycleEventType.Suspended, 99, "suspended", "unknown")]
    public void Lifecycle_types_and_details_are_virshs_words_in_lower_case(LifecycleEventType type, int detail, string typeWord, string detailWord)
    {
        Assert.Equal(typeWord, EventFrames.TypeWord(type));
        Assert.Equal(detailWord, EventFrames.DetailWord(type, detail));
    }

    [Fact]
    public void A_stop_implies_the_shut_off_reason_of_the_same_name()
    {
        var stop = new LifecycleEvent(new DomainRef("a", Web1, -1), LifecycleEventType.Stopped, (int)StoppedDetail.Destroyed);
        Assert.Equal("destroyed", StateNames.ReasonOf(DomainState.Shutoff, EventFrames.ShutoffReasonOf(stop)!.Value));
        Assert.Null(EventFrames.ShutoffReasonOf(new RebootEvent(new DomainRef("a", Web1, 1))));
    }

    [Fact]
    public void The_console_close_reason_names_the_domain_and_always_fits_a_close_frame()
    {
        Assert.Equal("The console of domain 'web1' ended because the domain stopped.", ConsoleEndpoint.EndedReason("web1"));
        var longName = new string('n', 200);
        var reason = ConsoleEndpoint.EndedReason(longName);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(reason) <= 123, reason);
        Assert.StartsWith("The console of domain 'nnn", reason);
        Assert.EndsWith("…' ended because the domain stopped.", reason);
    }

    [Theory]
    [InlineData(null, "127.0.0.1:8007", true)]
    [InlineData("http://127.0.0.1:8007", "127.0.0.1:8007", true)]
    [InlineData("http://localhost", "localhost", true)]
    [InlineData("http://127.0.0.1:9999", "127.0.0.1:8007", false)]
    [InlineData("https://evil.example", "127.0.0.1:8007", false)]
    [InlineData("null", "127.0.0.1:8007", false)]
    public void Only_same_origin_pages_may_open_a_console(string? origin, string host, bool allowed) =>
        Assert.Equal(allowed, ConsoleEndpoint.SameOrigin(origin, host));

    [Theory]
    [InlineData("/index.html", "text/html; charset=utf-8")]
    [InlineData("/app.js", "text/javascript; charset=utf-8")]
    [InlineData("/app.css", "text/css; charset=utf-8")]
    [InlineData("/icon.svg", "image/svg+xml; charset=utf-8")]
    [InlineData("/logo.png", "image/png")]
    [InlineData("/blob.unknownext", "application/octet-stream")]
    public void Assets_get_their_content_type(string path, string type) =>
        Assert.Equal(type, StaticAssets.ContentTypeOf(new FileExtensionContentTypeProvider(), path));

    [Theory]
    [InlineData(7002000UL, "7.2.0")]
    [InlineData(10000001UL, "10.0.1")]
    public void Hypervisor_versions_read_as_dotted_numbers(ulong v, string text) => Assert.Equal(text, DomainEndpoints.VersionText(v));
}
