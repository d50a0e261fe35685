using System.Text;
using Vireo.Drivers.Test;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Server;

namespace Vireo.Rpc.Tests;

/// <summary>
/// docs/protocol.md carries a table of procedures generated from the dispatch table. This test fails when
/// the table is stale; run it with VIREO_REGENERATE_DOCS=1 to rewrite the table.
/// </summary>
public sealed class ProtocolDocTests
{
    private const string Begin = "<!-- BEGIN GENERATED PROCEDURE TABLE (ProtocolDocTests) -->";
    private const string End = "<!-- END GENERATED PROCEDURE TABLE -->";

    [Fact]
    public void The_procedure_table_in_docs_protocol_md_matches_the_dispatch_table()
    {
        var root = RepoRoot();
        var path = Path.Combine(root, "docs", "protocol.md");
        var doc = File.ReadAllText(path);
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} lacks the generated-table markers");
        var fresh = doc[..(start + Begin.Length)] + "\n" + Table() + doc[end..];
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_DOCS") == "1") File.WriteAllText(path, fresh);
        Assert.True(fresh == doc, "docs/protocol.md is stale: run the Vireo.Rpc tests with VIREO_REGENERATE_DOCS=1");
    }

    private static string Table()
    {
        var server = new RpcServer([new TestDriver()]);
        Vireo.Rpc.Server.Procedures.FeatureProcedures.Register(server.Dispatcher); // as vireod (Vireo.Hosting) does
        var dispatched = server.Dispatcher.Entries.ToDictionary(e => e.Procedure);
        var events = EventEncoder.ProcedureByEventId.Select((p, id) => (p, id)).ToDictionary(x => x.p, x => x.id);
        var sb = new StringBuilder();
        sb.Append("| # | REMOTE_PROC_ | status | access | libvirt API | args | reply |\n|---:|---|---|---|---|---|---|\n");
        foreach (var proc in Enum.GetValues<RemoteProcedure>().OrderBy(p => (int)p))
        {
            string status, access = "", api = "";
            if (dispatched.TryGetValue((int)proc, out var entry))
            {
                status = "implemented";
                access = entry.Options.Writes ? "write" : entry.Options.BeforeOpen ? "handshake" : "read";
                api = entry.Options.Api ?? "";
            }
            else if (events.TryGetValue(proc, out var eventId))
            {
                status = EventEncoderHandles(proc) ? "event sent" : "event (record only)";
                access = $"event id {eventId}";
            }
            else status = "record only";
            var (args, ret) = ProcedureSignatures.All.TryGetValue(proc, out var sig) ? (sig.Args.Name, sig.Ret.Name) : ("", "");
            sb.Append($"| {(int)proc} | {ProcedureNames.Of(proc)} | {status} | {access} | {api} | {args} | {ret} |\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void Every_call_procedure_has_a_signature_and_a_wrong_record_is_refused()
    {
        var events = EventEncoder.ProcedureByEventId.ToHashSet();
        var missing = Enum.GetValues<RemoteProcedure>()
            .Where(p => !events.Contains(p) && p != RemoteProcedure.ConnectEventConnectionClosed && !ProcedureSignatures.All.ContainsKey(p))
            .ToArray();
        Assert.Empty(missing);
        var d = new RpcDispatcher();
        var e = Assert.Throws<InvalidOperationException>(() =>
            d.RegisterSync(RemoteProcedure.DomainSnapshotNum, static (CallContext c, Protocol.Records.DomainArgs a) => new Protocol.Records.IntValue(0)));
        Assert.Equal("procedure DOMAIN_SNAPSHOT_NUM takes DomainFlagsArgs and answers IntValue, not DomainArgs / IntValue", e.Message);
    }

    /// <summary>The event procedures the encoder really produces, found by encoding one event of each kind.</summary>
    private static bool EventEncoderHandles(RemoteProcedure proc)
    {
        var d = new Core.State.DomainRef("d", Guid.Empty, 1);
        Drivers.Events.DomainEvent[] samples =
        [
            new Drivers.Events.LifecycleEvent(d, Core.State.LifecycleEventType.Started, 0), new Drivers.Events.RebootEvent(d),
            new Drivers.Events.RtcChangeEvent(d, 1), new Drivers.Events.WatchdogEvent(d, 0), new Drivers.Events.BalloonChangeEvent(d, 1),
            new Drivers.Events.DeviceRemovedEvent(d, "a"), new Drivers.Events.DeviceAddedEvent(d, "a"), new Drivers.Events.BlockJobEvent(d, "vda", 1, 0),
            new Drivers.Events.TunableEvent(d, []), new Drivers.Events.AgentLifecycleEvent(d, 1, 0),
            new Drivers.Events.MetadataChangeEvent(d, 2, "http://example.org/"),
        ];
        foreach (var e in samples)
        {
            if (EventEncoder.TryEncode(e, 0) is not { } msg) continue;
            var p = Framing.MessageHeader.Read(msg.Span[4..]).Procedure;
            msg.Release();
            if (p == (int)proc) return true;
        }
        return false;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vireo.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Vireo.slnx) not found above " + AppContext.BaseDirectory);
    }
}
