using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

/// <summary>The last finished job's statistics kept with a domain, and the JOB_COMPLETED message that carries them.</summary>
public sealed class CompletedJobTests
{
    private static readonly CompletedJob Saved = new(DomainJobOperation.Save, 164, new MigrationStreamStats(268967936, 109415719, 0, Downtime: 161, SetupTime: 1));

    [Fact]
    public void A_read_with_keep_leaves_the_statistics_a_plain_read_takes_them_and_a_new_job_replaces_them()
    {
        var def = DomainXml.Parse($"<domain type='qemu'><name>j1</name><uuid>{Guid.NewGuid()}</uuid><memory>65536</memory><os><type>hvm</type></os></domain>");
        var dom = new DomainObject(def, persistentDefined: true);
        Assert.Null(dom.TakeCompletedJob());

        dom.RecordCompletedJob(Saved);
        dom.SetActive(1, StateWithReason.Of(RunningReason.Restored)); // kept across the guest's stop and start, as libvirt keeps them
        Assert.Same(Saved, dom.CompletedJob);
        Assert.Same(Saved, dom.CompletedJob);
        var next = Saved with { TimeElapsedMs = 200 };
        dom.RecordCompletedJob(next);
        Assert.Same(next, dom.TakeCompletedJob());
        Assert.Null(dom.TakeCompletedJob());
        Assert.Null(dom.CompletedJob);
    }

    [Fact]
    public void Job_completed_goes_out_as_procedure_363_with_the_statistics_as_typed_parameters()
    {
        var dom = new DomainRef("j1", Guid.NewGuid(), 4);
        var msg = EventEncoder.TryEncode(new JobCompletedEvent(dom, Saved.ToParams()), 7) ?? throw new InvalidOperationException("no wire form");
        try
        {
            var header = MessageHeader.Read(msg.Span[4..]);
            Assert.Equal((int)RemoteProcedure.DomainEventCallbackJobCompleted, header.Procedure);
            Assert.Equal(363, header.Procedure);
            var r = new XdrReader(msg.Span[XdrLimits.MinMessageLength..]);
            var back = ParamsEventMsg.DecodeJobCompleted(ref r);
            Assert.Equal((7, dom), (back.CallbackId, back.Dom));
            Assert.Equal(Saved.ToParams(), back.Params);
            Assert.Equal(TypedParameter.Int("operation", 2), back.Params[0]);
        }
        finally
        {
            msg.Release();
        }
    }
}
