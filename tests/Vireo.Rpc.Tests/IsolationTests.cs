using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>
/// One client's trouble stays its own: an unknown procedure is an error reply like libvirtd's, and a client
/// that stops reading while events flood neither delays nor loses what the other clients receive.
/// </summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task An_unknown_procedure_is_answered_like_libvirtd_and_the_connection_goes_on()
    {
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        await using var server = new RpcServer([driver]);
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var reply = await c.CallAsync((RemoteProcedure)9999, default(VoidRecord));
        Assert.Equal((MessageType.Reply, MessageStatus.Error, 9999), (reply.Header.Type, reply.Header.Status, reply.Header.Procedure));
        var e = reply.Error();
        // As captured from libvirtd 9.0: {code 39 VIR_ERR_RPC, domain 7 VIR_FROM_RPC, level 2, str1 "%s", str2 the message, int1/int2 -1}.
        Assert.Equal((39, 7, "unknown procedure: 9999", 2, "%s", "unknown procedure: 9999", -1, -1),
            (e.Code, e.Domain, e.Message, e.Level, e.Str1, e.Str2, e.Int1, e.Int2));
        Assert.Equal("TEST", (await c.CallAsync(RemoteProcedure.ConnectGetType)).Decode<StringValue>().Value);
    }

    [Fact]
    public async Task A_client_that_stops_reading_during_an_event_flood_does_not_hold_up_the_others()
    {
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        // The default queue (4096 messages): more events than that must reach the reader, while the
        // stalled client's queue fills and it is dropped.
        await using var server = new RpcServer([driver], new RpcServerOptions());
        await using var stalled = new RawClient(server.ConnectInProcess());
        await stalled.OpenAsync();
        await stalled.CallAsync(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, new EventRegisterArgs(0, null));
        await using var reader = new RawClient(server.ConnectInProcess());
        await reader.OpenAsync();
        await reader.CallAsync(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, new EventRegisterArgs(0, null));

        var queueLimit = new RpcServerOptions().MaxQueuedMessages;
        var flood = queueLimit + 2000;
        var dom = driver.Domains.LookupByName("test");
        // The reader keeps reading while the publisher floods; the stalled client never reads again.
        var count = 0;
        var received = Task.Run(async () =>
        {
            while (Volatile.Read(ref count) < flood && await reader.ReadAsync(TimeSpan.FromSeconds(60)) is { } m)
                if (m.Header.Procedure == (int)RemoteProcedure.DomainEventCallbackLifecycle) Interlocked.Increment(ref count);
            return Volatile.Read(ref count);
        });
        // The publisher never gets more than a quarter of the queue ahead of the reader. Unpaced, a loaded
        // machine (CI) let the flood outrun a reader that does read, which is then rightly dropped as too slow;
        // this test is about the client that does not read at all, whose queue fills whatever the pace.
        var window = queueLimit / 4;
        for (var i = 0; i < flood; i++)
        {
            driver.Events.Publish(new LifecycleEvent(dom, LifecycleEventType.Suspended, 0));
            if (i % window == window - 1)
            {
                var published = i + 1;
                await Poll.UntilAsync(() => Volatile.Read(ref count) >= published - window || received.IsCompleted,
                    $"the reader fell more than {window} events behind");
            }
        }
        Assert.Equal(flood, await received); // every event, none dropped because of the other client
        await Poll.UntilAsync(() => server.ConnectionCount == 1, "the stalled client was not dropped");
        Assert.Equal("TEST", (await reader.CallAsync(RemoteProcedure.ConnectGetType)).Decode<StringValue>().Value);
    }
}
