using System.Text.Json.Nodes;
using Vireo.Core.Params;
using Vireo.Qemu.Driver.Features.IoThreads;

namespace Vireo.Qemu.Tests.Features.IoThreads;

/// <summary>
/// domstats --iothread from query-iothreads (QEMU 7.2's reply shape: id, thread-id, poll-max-ns, poll-grow,
/// poll-shrink, aio-max-batch), as libvirtd 9.0 names and types them.
/// </summary>
public sealed class IoThreadStatsTests
{
    private const string Reply = """
        [{"poll-shrink": 3, "thread-id": 4711, "aio-max-batch": 0, "poll-grow": 2, "poll-max-ns": 1000, "id": "iothread2"},
         {"poll-shrink": 0, "thread-id": 4712, "aio-max-batch": 0, "poll-grow": 0, "poll-max-ns": 32768, "id": "iothread1"},
         {"poll-shrink": 0, "thread-id": 4713, "aio-max-batch": 0, "poll-grow": 0, "poll-max-ns": 32768, "id": "someone-elses"}]
        """;

    [Fact]
    public void Each_of_libvirts_iothreads_gives_its_polling_values_in_qemus_order()
    {
        Assert.Equal(
            [
                TypedParameter.UInt("iothread.count", 2),
                TypedParameter.ULLong("iothread.2.poll-max-ns", 1000),
                TypedParameter.UInt("iothread.2.poll-grow", 2),
                TypedParameter.UInt("iothread.2.poll-shrink", 3),
                TypedParameter.ULLong("iothread.1.poll-max-ns", 32768),
                TypedParameter.UInt("iothread.1.poll-grow", 0),
                TypedParameter.UInt("iothread.1.poll-shrink", 0),
            ],
            IoThreadQmp.Stats(IoThreadQmp.ParsePolling(JsonNode.Parse(Reply))));
    }

    [Fact]
    public void A_guest_without_iothreads_has_no_iothread_statistics() =>
        Assert.Empty(IoThreadQmp.Stats(IoThreadQmp.ParsePolling(JsonNode.Parse("[]"))));
}
