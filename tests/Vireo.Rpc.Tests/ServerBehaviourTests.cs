using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>Server rules that the captures do not exercise, probed with a byte-level client.</summary>
public sealed class ServerBehaviourTests
{
    private static async Task<(TestDriver, RpcServer)> StartAsync(RpcServerOptions? options = null)
    {
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        return (driver, new RpcServer([driver], options));
    }

    [Fact]
    public async Task Read_only_connections_are_refused_changes_by_the_server_itself()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess(readOnly: true));
        await c.OpenAsync(); // no VIR_CONNECT_RO flag: the socket alone makes it read-only
        var define = await c.CallAsync(RemoteProcedure.DomainDefineXml, new StringValue(Domains.Xml("ro1", Guid.NewGuid())));
        var e = define.Error();
        Assert.Equal((VirErrorCode.OperationDenied, VirErrorDomain.Domain), ((VirErrorCode)e.Code, (VirErrorDomain)e.Domain));
        Assert.Equal("operation forbidden: read only access prevents virDomainDefineXML", e.Message);
        var list = await c.CallAsync(RemoteProcedure.ConnectListAllDomains, new ListAllDomainsArgs(1, 0));
        Assert.Equal(MessageStatus.Ok, list.Header.Status);
        Assert.Single(list.Decode<ListAllDomainsRet>().Domains);
    }

    [Fact]
    public async Task Unknown_uris_get_libvirts_no_connection_driver_error()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.CallAsync(RemoteProcedure.AuthList);
        var e = (await c.CallAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs("xen:///system", 0))).Error();
        Assert.Equal((int)VirErrorCode.NoConnect, e.Code);
        Assert.Equal("no connection driver available for xen:///system", e.Message);
    }

    [Fact]
    public async Task The_default_uri_opens_the_default_driver_and_reports_its_canonical_uri()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync("");
        Assert.Equal("test:///default", (await c.CallAsync(RemoteProcedure.ConnectGetUri)).Decode<StringValue>().Value);
    }

    [Fact]
    public async Task A_slow_call_does_not_hold_up_later_calls_on_the_same_connection()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Registered from outside the Rpc assembly, the way feature areas add procedures (replacing any
        // standard handler of that procedure).
        server.Dispatcher.Replace(RemoteProcedure.DomainInjectNmi, null);
        server.Dispatcher.Register(RemoteProcedure.DomainInjectNmi, async (CallContext ctx, DomainFlagsArgs a) =>
        {
            await release.Task;
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainInjectNMI"));
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var dom = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        var slow = await c.SendCallAsync(RemoteProcedure.DomainInjectNmi, new DomainFlagsArgs(dom, 0));
        var fast = await c.SendCallAsync(RemoteProcedure.ConnectGetType);
        var first = await c.ReadAsync();
        Assert.Equal(fast, first!.Header.Serial);
        release.SetResult();
        var second = await c.ReadAsync();
        Assert.Equal((slow, MessageStatus.Ok), (second!.Header.Serial, second.Header.Status));
    }

    [Fact]
    public async Task A_missing_optional_driver_capability_is_answered_not_supported()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        server.Dispatcher.Replace(RemoteProcedure.DomainSnapshotNum, null);
        server.Dispatcher.RegisterSync(RemoteProcedure.DomainSnapshotNum, static (CallContext ctx, DomainFlagsArgs a) =>
            new IntValue(ctx.Feature<IDisposable>("virDomainSnapshotNum") is null ? 0 : 1));
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var dom = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        var e = (await c.CallAsync(RemoteProcedure.DomainSnapshotNum, new DomainFlagsArgs(dom, 0))).Error();
        Assert.Equal((int)VirErrorCode.NoSupport, e.Code);
        Assert.Equal("this function is not supported by the connection driver: virDomainSnapshotNum", e.Message);
    }

    [Fact]
    public async Task Bad_arguments_get_an_error_reply_and_the_connection_goes_on()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var bad = await c.CallAsync(RemoteProcedure.DomainLookupByName, new IntValue(0x7fffffff));
        Assert.Equal("Unable to decode message payload", bad.Error().Message);
        Assert.Equal(MessageStatus.Ok, (await c.CallAsync(RemoteProcedure.ConnectGetType)).Header.Status);
    }

    [Fact]
    public async Task A_malformed_frame_closes_only_its_own_connection()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var good = new RawClient(server.ConnectInProcess());
        await good.OpenAsync();
        await using var bad = new RawClient(server.ConnectInProcess());
        await bad.SendRawAsync(new byte[] { 0, 0, 0, 8, 0, 0, 0, 0 });
        Assert.Empty(await bad.ReadUntilClosedAsync());
        Assert.Equal("TEST", (await good.CallAsync(RemoteProcedure.ConnectGetType)).Decode<StringValue>().Value);
    }

    [Fact]
    public async Task An_oversized_length_closes_the_connection_without_buffering_the_message()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        var before = GC.GetTotalAllocatedBytes(precise: true);
        // 32 MiB + 5: one byte over the limit. Only the header is sent; the server must not wait for the rest.
        await c.SendRawAsync(Convert.FromHexString("02000005" + "20008086000000010000004200000000000000000000000000"));
        Assert.Empty(await c.ReadUntilClosedAsync());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated} bytes allocated while refusing an oversized frame");
    }

    [Fact]
    public async Task Keepalive_starts_after_feature_10_and_a_silent_client_is_dropped()
    {
        var (_, server) = await StartAsync(new RpcServerOptions { KeepaliveInterval = TimeSpan.FromMilliseconds(50), KeepaliveCount = 3 });
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.CallAsync(RemoteProcedure.AuthList);
        Assert.Equal(1, (await c.CallAsync(RemoteProcedure.ConnectSupportsFeature, new IntValue(RemoteFeatures.ProgramKeepalive))).Decode<IntValue>().Value);
        var rest = await c.ReadUntilClosedAsync();
        Assert.Equal(3, rest.Count(m => m.Header.IsKeepalive && m.Header.Procedure == Programs.KeepalivePing));
        Assert.All(rest, m => Assert.Equal((MessageType.Message, 0u), (m.Header.Type, m.Header.Serial)));
    }

    [Fact]
    public async Task A_client_answering_pings_stays_connected()
    {
        var (_, server) = await StartAsync(new RpcServerOptions { KeepaliveInterval = TimeSpan.FromMilliseconds(30), KeepaliveCount = 2 });
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        await c.CallAsync(RemoteProcedure.ConnectSupportsFeature, new IntValue(RemoteFeatures.ProgramKeepalive));
        var pong = MessageBuilder.Empty(new MessageHeader(Programs.Keepalive, 1, Programs.KeepalivePong, MessageType.Message, 0, MessageStatus.Ok));
        for (var i = 0; i < 6; i++)
        {
            var ping = await c.ReadAsync();
            Assert.Equal(Programs.KeepalivePing, ping!.Header.Procedure);
            await c.SendRawAsync(pong.Memory.ToArray());
        }
        pong.Release();
        Assert.Equal(MessageStatus.Ok, (await c.CallAsync(RemoteProcedure.ConnectGetType)).Header.Status);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_without_blocking_the_event_publisher()
    {
        var (driver, server) = await StartAsync(new RpcServerOptions { MaxQueuedMessages = 8 });
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        await c.CallAsync(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, new EventRegisterArgs(0, null));
        var dom = driver.Domains.LookupByName("test");
        for (var i = 0; i < 20000 && server.ConnectionCount > 0; i++)
            driver.Events.Publish(new LifecycleEvent(dom, LifecycleEventType.Suspended, 0));
        await Poll.UntilAsync(() => server.ConnectionCount == 0, "the non-reading client was not dropped");
    }

    [Fact]
    public async Task Events_carry_the_registration_callback_id_serial_1_and_respect_the_domain_filter()
    {
        var (driver, server) = await StartAsync();
        await using var _s = server;
        var other = await driver.Lifecycle.DefineAsync(Domains.Xml("other", Guid.NewGuid()), DefineFlags.None, CancellationToken.None);
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var test = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        var id = (await c.CallAsync(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, new EventRegisterArgs(0, test))).Decode<IntValue>().Value;
        await driver.Lifecycle.StartAsync(other.Uuid, CreateFlags.None, CancellationToken.None);
        await driver.Lifecycle.SuspendAsync(test.Uuid, CancellationToken.None);
        var evt = await c.ReadAsync();
        Assert.Equal((MessageType.Message, 1u, (int)RemoteProcedure.DomainEventCallbackLifecycle), (evt!.Header.Type, evt.Header.Serial, evt.Header.Procedure));
        var msg = evt.Decode<LifecycleEventMsg>();
        Assert.Equal((id, "test", (int)LifecycleEventType.Suspended), (msg.CallbackId, msg.Dom.Name, msg.Event));
    }

    [Fact]
    public async Task Console_stream_echoes_and_finish_is_confirmed()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var test = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        var open = await c.CallAsync(RemoteProcedure.DomainOpenConsole, new DomainOptionalStringFlagsArgs(test, null, 0));
        Assert.Equal(MessageStatus.Ok, open.Header.Status);
        var data = open.Header with { Type = MessageType.Stream, Status = MessageStatus.Continue };
        await Send(c, MessageBuilder.Raw(data, "ls\r"u8));
        var echo = await c.ReadAsync();
        Assert.Equal((MessageType.Stream, MessageStatus.Continue, "ls\r"), (echo!.Header.Type, echo.Header.Status, System.Text.Encoding.ASCII.GetString(echo.Payload)));
        await Send(c, MessageBuilder.Empty(data with { Status = MessageStatus.Ok }));
        var done = await c.ReadAsync();
        Assert.Equal((MessageType.Stream, MessageStatus.Ok, open.Header.Serial, 0), (done!.Header.Type, done.Header.Status, done.Header.Serial, done.Payload.Length));
    }

    [Fact]
    public async Task Console_end_is_an_empty_continue_when_the_domain_stops()
    {
        var (driver, server) = await StartAsync();
        await using var _s = server;
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var test = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        var open = await c.CallAsync(RemoteProcedure.DomainOpenConsole, new DomainOptionalStringFlagsArgs(test, null, 0));
        await driver.Lifecycle.DestroyAsync(test.Uuid, DestroyFlags.Default, CancellationToken.None);
        var eof = await c.ReadAsync();
        Assert.Equal((MessageType.Stream, MessageStatus.Continue, 0), (eof!.Header.Type, eof.Header.Status, eof.Payload.Length));
        await Send(c, MessageBuilder.Empty(open.Header with { Type = MessageType.Stream, Status = MessageStatus.Error }));
        var done = await c.ReadAsync();
        Assert.Equal((MessageType.Stream, MessageStatus.Ok), (done!.Header.Type, done.Header.Status));
    }

    [Fact]
    public async Task Many_clients_at_once_each_get_their_own_answers()
    {
        var (_, server) = await StartAsync();
        await using var _s = server;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            await using var c = new RawClient(server.ConnectInProcess());
            await c.OpenAsync();
            for (var n = 0; n < 50; n++)
            {
                var name = $"m{i}-{n}";
                var r = await c.CallAsync(RemoteProcedure.DomainDefineXml, new StringValue(Domains.Xml(name, Guid.NewGuid())));
                Assert.Equal(name, r.Decode<DomainRet>().Dom.Name);
            }
        }));
        await using var check = new RawClient(server.ConnectInProcess());
        await check.OpenAsync();
        Assert.Equal(16 * 50 + 1, (int)(await check.CallAsync(RemoteProcedure.ConnectListAllDomains, new ListAllDomainsArgs(0, 0))).Decode<ListAllDomainsRet>().Count);
    }

    private static async Task Send(RawClient c, OutgoingMessage m)
    {
        await c.SendRawAsync(m.Memory.ToArray());
        m.Release();
    }
}
