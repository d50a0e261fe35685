using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>
/// Replays every client message of a real virsh/python ↔ libvirtd capture against our server (in-process,
/// test driver standing in for QEMU with the same domains) and compares our answers with libvirtd's: same
/// procedures, serials, types and statuses, the same errors word for word, and the same values where the
/// value does not depend on the hypervisor (lookups, states, lists, features).
/// </summary>
public sealed class ReplayTests
{
    private enum Run { Off, Running, Unpaused, Paused }

    private static readonly (string Name, Guid Uuid, Run State)[] None = [];

    public static TheoryData<string> Captures => new(Setups.Keys.Order());

    private static readonly Dictionary<string, (string Name, Guid Uuid, Run State)[]> Setups = new()
    {
        ["version"] = None, ["hostname"] = None, ["nodeinfo"] = None, ["capabilities"] = None, ["uri"] = None,
        ["plain_qemu_system"] = None, ["default_uri"] = [("lvtest1", Domains.LvTest1, Run.Unpaused)], ["default_uri_py"] = None, ["list_all_empty"] = None,
        ["readonly"] = None, ["readonly_define"] = None, ["probes"] = None, ["err_nosuch"] = None, ["err_badxml"] = None,
        ["define"] = None, ["event"] = None, ["event2"] = None,
        ["list_all"] = [("lvtest1", Domains.LvTest1, Run.Off)],
        ["list_running"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["dominfo"] = [("lvtest1", Domains.LvTest1, Run.Off)],
        ["dominfo_running"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["domstate"] = [("lvtest1", Domains.LvTest1, Run.Off)],
        ["domstate_byid"] = [("lvtest1", Domains.LvTest1, Run.Unpaused)],
        ["domstate_byuuid"] = [("lvtest1", Domains.LvTest1, Run.Unpaused)],
        ["domstate_paused"] = [("lvtest1", Domains.LvTest1, Run.Paused)],
        ["dumpxml"] = [("lvtest1", Domains.LvTest1, Run.Off)],
        ["domblklist"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["dommemstat"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["vcpupin"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["start"] = [("lvtest1", Domains.LvTest1, Run.Off)],
        ["suspend"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["resume"] = [("lvtest1", Domains.LvTest1, Run.Paused)],
        ["destroy"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["err_start_active"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["err_suspend_inactive"] = [("lvtest2", Domains.LvTest2, Run.Off)],
        ["err_unknown_proc"] = [("lvtest2", Domains.LvTest2, Run.Off)],
        ["py_listall"] = [("lvtest1", Domains.LvTest1, Run.Running), ("lvtest2", Domains.LvTest2, Run.Off)],
        ["console"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["console_py_abort"] = [("lvtest1", Domains.LvTest1, Run.Running)],
        ["list_all_1000"] = None, // set up from the capture's own listing
    };

    /// <summary>Procedures whose reply values do not depend on the hypervisor and must equal libvirtd's.</summary>
    private static readonly HashSet<RemoteProcedure> CompareValues =
    [
        RemoteProcedure.AuthList, RemoteProcedure.ConnectSupportsFeature, RemoteProcedure.ConnectGetUri,
        RemoteProcedure.DomainLookupByName, RemoteProcedure.DomainLookupByUuid, RemoteProcedure.DomainLookupById,
        RemoteProcedure.DomainIsActive, RemoteProcedure.DomainIsPersistent,
        RemoteProcedure.DomainGetAutostart, RemoteProcedure.DomainGetState, RemoteProcedure.DomainHasManagedSaveImage,
        RemoteProcedure.DomainGetVcpusFlags, RemoteProcedure.DomainGetMessages,
    ];

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Our_server_answers_the_capture_like_libvirtd(string capture)
    {
        var file = CaptureFile.Load(capture);
        var driver = new TestDriver(new TestDriverOptions
        {
            UriSchemes = ["qemu", "lxc"], CanonicalUri = "qemu:///system", HypervisorType = "QEMU",
            HypervisorVersion = 7002000, ErrorDomain = VirErrorDomain.Qemu,
        });
        await SetUpAsync(driver, capture == "list_all_1000" ? DomainsListedIn(file) : Setups[capture]);
        await using var server = new RpcServer([driver], new RpcServerOptions { KeepaliveInterval = TimeSpan.FromHours(1) });
        // event2 was the second "virsh event --all" of that libvirtd run: callback ids continued at 27.
        if (capture == "event2") await RegisterAllEventsOnceAsync(server);

        foreach (var conn in file.Connections)
        {
            if (conn.Messages.Count == 0 && conn.Garbage.Count == 0) continue;
            await using var client = new RawClient(server.ConnectInProcess());
            var actual = new List<RawClient.Received>();
            foreach (var m in conn.Messages.Where(m => m.FromClient))
            {
                await client.SendRawAsync(m.Bytes);
                if (AwaitedAnswer(m.Header) is { } until)
                    while (true)
                    {
                        var got = await client.ReadAsync() ?? throw new Xunit.Sdk.XunitException($"{capture} conn{conn.Id}: server closed the connection");
                        actual.Add(got);
                        if (until(got.Header)) break;
                    }
            }
            foreach (var junk in conn.Garbage)
            {
                await client.SendRawAsync(junk);
                var rest = await client.ReadUntilClosedAsync();
                Assert.DoesNotContain(rest, r => r.Header.Type == MessageType.Reply);
            }

            var expected = conn.Messages.Where(m => !m.FromClient && IsAnswer(m.Header)).ToList();
            var ours = actual.Where(r => IsAnswer(r.Header)).ToList();
            Assert.True(expected.Count == ours.Count,
                $"{capture} conn{conn.Id}: libvirtd answered {expected.Count} times, we answered {ours.Count}: " +
                string.Join(", ", ours.Select(o => $"{o.Header.Procedure}/{o.Header.Status}")));
            for (var i = 0; i < expected.Count; i++) Compare(capture, conn.Id, expected[i], ours[i]);
        }
    }

    /// <summary>What to wait for after sending a client message (null: nothing comes back).</summary>
    private static Func<MessageHeader, bool>? AwaitedAnswer(MessageHeader h)
    {
        if (h.IsKeepalive) return h.Procedure == Programs.KeepalivePing ? a => a.IsKeepalive && a.Procedure == Programs.KeepalivePong : null;
        return h.Type switch
        {
            MessageType.Call => a => a.Type == MessageType.Reply && a.Serial == h.Serial,
            MessageType.Stream when h.Status != MessageStatus.Continue => a => a.Type == MessageType.Stream && a.Serial == h.Serial && a.Status != MessageStatus.Continue,
            _ => null,
        };
    }

    /// <summary>Replies, PONGs and stream ends; events, server PINGs and stream data depend on timing and the guest.</summary>
    private static bool IsAnswer(MessageHeader h) =>
        h.IsKeepalive ? h.Procedure == Programs.KeepalivePong
        : h.Type == MessageType.Reply || (h.Type == MessageType.Stream && h.Status != MessageStatus.Continue);

    private static void Compare(string capture, int conn, CaptureFile.Message libvirtd, RawClient.Received ours)
    {
        var where = $"{capture} conn{conn} proc {libvirtd.Header.Procedure} serial {libvirtd.Header.Serial}";
        var e = libvirtd.Header;
        var a = ours.Header;
        Assert.True(e == a, $"{where}: header {a} differs from libvirtd's {e}");
        if (e.Status == MessageStatus.Error && e.Type == MessageType.Reply)
        {
            var r = new Xdr.XdrReader(libvirtd.Payload);
            var want = RemoteError.Decode(ref r);
            Assert.Equal(want, ours.Error());
            return;
        }
        if (e.Type != MessageType.Reply || e.IsKeepalive || !CompareValues.Contains((RemoteProcedure)e.Procedure)) return;
        Assert.True(libvirtd.Payload.SequenceEqual(ours.Payload), $"{where}: reply value differs from libvirtd's\n" +
            $"libvirtd: {Convert.ToHexString(libvirtd.Payload)}\nours:     {Convert.ToHexString(ours.Payload)}");
    }

    private static async Task RegisterAllEventsOnceAsync(RpcServer server)
    {
        await using var other = new RawClient(server.ConnectInProcess());
        await other.OpenAsync("qemu:///system");
        for (var id = 0; id < RpcConnection.DomainEventIdCount; id++)
            await other.CallAsync(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, new EventRegisterArgs(id, null));
    }

    private static async Task SetUpAsync(TestDriver driver, IEnumerable<(string Name, Guid Uuid, Run State)> domains)
    {
        var ct = CancellationToken.None;
        foreach (var (name, uuid, state) in domains)
        {
            await driver.Lifecycle.DefineAsync(Domains.Xml(name, uuid), DefineFlags.None, ct);
            if (state == Run.Off) continue;
            await driver.Lifecycle.StartAsync(uuid, CreateFlags.None, ct);
            if (state is Run.Paused or Run.Unpaused) await driver.Lifecycle.SuspendAsync(uuid, ct);
            if (state == Run.Unpaused) await driver.Lifecycle.ResumeAsync(uuid, ct);
        }
    }

    private static IEnumerable<(string, Guid, Run)> DomainsListedIn(CaptureFile file)
    {
        var reply = file.Connections.SelectMany(c => c.Messages)
            .First(m => !m.FromClient && m.Header.Procedure == (int)RemoteProcedure.ConnectListAllDomains && m.Header.Type == MessageType.Reply);
        var r = new Xdr.XdrReader(reply.Payload);
        return ListAllDomainsRet.Decode(ref r).Domains.Select(d => (d.Name, d.Uuid, d.Id == -1 ? Run.Off : Run.Running));
    }
}
