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

    private const string QemuBegin = "<!-- BEGIN GENERATED QEMU PROGRAM TABLE (ProtocolDocTests) -->";
    private const string QemuEnd = "<!-- END GENERATED QEMU PROGRAM TABLE -->";

    [Fact]
    public void The_procedure_table_in_docs_protocol_md_matches_the_dispatch_table() => Regenerate(Begin, End, Table());

    [Fact]
    public void The_qemu_program_table_in_docs_protocol_md_matches_its_procedures() => Regenerate(QemuBegin, QemuEnd, QemuTable());

    private static string QemuTable()
    {
        // The procedure the event message really carries, read back from an encoded sample.
        var sample = Vireo.Rpc.Server.Procedures.QemuProcedures.Encode((Drivers.Contracts.QemuMonitorEvent)Sample(typeof(Drivers.Contracts.QemuMonitorEvent)), 0);
        var sent = Framing.MessageHeader.Read(sample.Span[4..]).Procedure;
        sample.Release();
        var sb = new StringBuilder();
        sb.Append("| # | QEMU_PROC_ | status | access | libvirt API | args | reply |\n|---:|---|---|---|---|---|---|\n");
        foreach (var proc in Enum.GetValues<QemuProcedure>().OrderBy(p => (int)p))
        {
            var entry = Vireo.Rpc.Server.Procedures.QemuProcedures.Find((int)proc);
            var row = entry is not null
                ? $"implemented | {(entry.Options.Writes ? "write" : "read")} | {entry.Options.Api} | {entry.ArgsType.Name} | {entry.RetType.Name}"
                : (int)proc == sent ? $"event sent | event | | {nameof(Protocol.Records.QemuMonitorEventMsg)} | " : "record only | | | | ";
            sb.Append($"| {(int)proc} | {ProcedureNames.Of(proc)} | {row} |\n");
        }
        return sb.ToString();
    }

    private static void Regenerate(string begin, string endMarker, string table)
    {
        var root = RepoRoot();
        var path = Path.Combine(root, "docs", "protocol.md");
        var doc = File.ReadAllText(path);
        var start = doc.IndexOf(begin, StringComparison.Ordinal);
        var end = doc.IndexOf(endMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} lacks the generated-table markers {begin}");
        var fresh = doc[..(start + begin.Length)] + "\n" + table + doc[end..];
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_DOCS") == "1") File.WriteAllText(path, fresh);
        Assert.True(fresh == doc, "docs/protocol.md is stale: run the Vireo.Rpc tests with VIREO_REGENERATE_DOCS=1");
    }

    private static string Table()
    {
        var server = new RpcServer([new TestDriver()]);
        Vireo.Rpc.Server.Procedures.FeatureProcedures.Register(server.Dispatcher); // as vireod (Vireo.Hosting) does
        var dispatched = server.Dispatcher.Entries.ToDictionary(e => e.Procedure);
        var events = EventEncoder.ProcedureByEventId.Select((p, id) => (p, id)).ToDictionary(x => x.p, x => x.id);
        var sent = SentEventProcedures();
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
                status = sent.Contains((int)proc) ? "event sent" : "event (record only)";
                access = $"event id {eventId}";
            }
            else if (sent.Contains((int)proc))
            {
                status = "event sent";
                access = "event";
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

    /// <summary>
    /// The event procedures the server really produces: one sample of every concrete DomainEvent record in the driver
    /// contracts (found by reflection, so a new kind cannot be forgotten) through EventEncoder, and every network,
    /// storage pool, secret and node device event kind through the encoders the connection sends them with.
    /// </summary>
    private static HashSet<int> SentEventProcedures()
    {
        var messages = new List<Framing.OutgoingMessage>();
        foreach (var type in typeof(Drivers.Events.DomainEvent).Assembly.GetTypes()
                     .Where(t => t.IsSubclassOf(typeof(Drivers.Events.DomainEvent)) && !t.IsAbstract))
            if (EventEncoder.TryEncode((Drivers.Events.DomainEvent)Sample(type), 0) is { } m) messages.Add(m);
        var net = (Drivers.Networks.NetworkRef)Sample(typeof(Drivers.Networks.NetworkRef));
        messages.AddRange(Enum.GetValues<Drivers.Networks.NetworkEventType>().Select(t => ObjectEventEncoder.Network(new(net, t), 0)));
        var pool = (Drivers.Storage.StoragePoolRef)Sample(typeof(Drivers.Storage.StoragePoolRef));
        foreach (var eventId in new[] { 0, 1 })
        {
            foreach (var type in Enum.GetValues<Drivers.Storage.StoragePoolEventType>().Select(t => (Drivers.Storage.StoragePoolEventType?)t).Append(null))
                if (ObjectEventEncoder.StoragePool(new(pool, type), eventId, 0) is { } m) messages.Add(m);
        }
        var secret = (Drivers.Secrets.SecretRef)Sample(typeof(Drivers.Secrets.SecretRef));
        messages.AddRange(Enum.GetValues<Drivers.Secrets.SecretEventId>().Select(id => ObjectEventEncoder.Secret(new(secret, id), 0)));
        foreach (var eventId in new[] { 0, 1 })
        {
            foreach (var type in Enum.GetValues<Drivers.NodeDevices.NodeDeviceLifecycle>().Select(t => (Drivers.NodeDevices.NodeDeviceLifecycle?)t).Append(null))
                if (ObjectEventEncoder.NodeDevice(new("computer", type), eventId, 0) is { } m) messages.Add(m);
        }
        var procs = new HashSet<int>();
        foreach (var msg in messages)
        {
            procs.Add(Framing.MessageHeader.Read(msg.Span[4..]).Procedure);
            msg.Release();
        }
        return procs;
    }

    /// <summary>A record built through its widest constructor with plain values (a name, zeros, empty lists, the first enum member).</summary>
    private static object Sample(Type type)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return ctor.Invoke(ctor.GetParameters().Select(p => Value(p.ParameterType)).ToArray());

        static object? Value(Type t)
        {
            if (t == typeof(string)) return "a";
            if (t == typeof(Guid)) return Guid.Empty;
            if (Nullable.GetUnderlyingType(t) is not null) return null;
            if (t.IsEnum) return Enum.GetValues(t).GetValue(0);
            if (t.IsPrimitive) return Activator.CreateInstance(t);
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) return Array.CreateInstance(t.GetGenericArguments()[0], 0);
            return Sample(t);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vireo.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Vireo.slnx) not found above " + AppContext.BaseDirectory);
    }
}
