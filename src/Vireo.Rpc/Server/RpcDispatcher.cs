using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server;

/// <summary>How a procedure may be called.</summary>
public sealed record ProcedureOptions
{
    /// <summary>The libvirt API the procedure stands for ("virDomainDefineXML"), used in error messages.</summary>
    public string? Api { get; init; }

    /// <summary>Changes something: refused on read-only connections with libvirt's "read only access prevents ...".</summary>
    public bool Writes { get; init; }

    /// <summary>May be called before CONNECT_OPEN (handshake procedures).</summary>
    public bool BeforeOpen { get; init; }

    /// <summary>May be called before AUTH_LIST authenticated the client.</summary>
    public bool BeforeAuth { get; init; }

    /// <summary>A successful reply opens a stream on the call's serial (console, screenshot).</summary>
    public bool OpensStream { get; init; }

    public static readonly ProcedureOptions Read = new();

    public static ProcedureOptions Write(string api) => new() { Api = api, Writes = true };
}

/// <summary>One entry of the dispatch table: decodes the arguments, runs the handler, encodes the reply.</summary>
public abstract class ProcedureEntry
{
    protected ProcedureEntry(int procedure, ProcedureOptions options)
    {
        Procedure = procedure;
        Options = options;
    }

    public int Procedure { get; }
    public ProcedureOptions Options { get; }

    /// <summary>The record the arguments are decoded with.</summary>
    public abstract Type ArgsType { get; }

    /// <summary>The record the reply is encoded with.</summary>
    public abstract Type RetType { get; }

    /// <summary>libvirt's name of the procedure without the REMOTE_PROC_ prefix ("DOMAIN_GET_XML_DESC").</summary>
    public string Name => Enum.IsDefined((RemoteProcedure)Procedure) ? ProcedureNames.Of((RemoteProcedure)Procedure) : $"PROC_{Procedure}";

    /// <summary>
    /// Decodes <paramref name="payload"/> synchronously (it is only valid during this call), then runs the
    /// handler. Throws <see cref="XdrException"/> for bad arguments and whatever the handler throws.
    /// </summary>
    internal abstract ValueTask<OutgoingMessage> Invoke(CallContext ctx, ReadOnlySpan<byte> payload);
}

internal sealed class AsyncEntry<TArgs, TRet>(int proc, ProcedureOptions options, Func<CallContext, TArgs, ValueTask<TRet>> handler)
    : ProcedureEntry(proc, options)
    where TArgs : IXdrRecord<TArgs>
    where TRet : IXdrRecord<TRet>
{
    public override Type ArgsType => typeof(TArgs);
    public override Type RetType => typeof(TRet);

    internal override ValueTask<OutgoingMessage> Invoke(CallContext ctx, ReadOnlySpan<byte> payload)
    {
        var r = new XdrReader(payload);
        var args = TArgs.Decode(ref r);
        var pending = handler(ctx, args);
        if (pending.IsCompletedSuccessfully)
            return new ValueTask<OutgoingMessage>(MessageBuilder.Build(ctx.Header.ReplyWith(MessageStatus.Ok), pending.Result));
        return Complete(ctx.Header, pending);
    }

    private static async ValueTask<OutgoingMessage> Complete(MessageHeader header, ValueTask<TRet> pending)
    {
        var ret = await pending.ConfigureAwait(false);
        return MessageBuilder.Build(header.ReplyWith(MessageStatus.Ok), ret);
    }
}

internal sealed class SyncEntry<TArgs, TRet>(int proc, ProcedureOptions options, Func<CallContext, TArgs, TRet> handler)
    : ProcedureEntry(proc, options)
    where TArgs : IXdrRecord<TArgs>
    where TRet : IXdrRecord<TRet>
{
    public override Type ArgsType => typeof(TArgs);
    public override Type RetType => typeof(TRet);

    internal override ValueTask<OutgoingMessage> Invoke(CallContext ctx, ReadOnlySpan<byte> payload)
    {
        var r = new XdrReader(payload);
        var args = TArgs.Decode(ref r);
        var ret = handler(ctx, args);
        return new ValueTask<OutgoingMessage>(MessageBuilder.Build(ctx.Header.ReplyWith(MessageStatus.Ok), ret));
    }
}

/// <summary>
/// The table from procedure number to handler. A procedure without an entry is answered libvirt's
/// "unknown procedure: N" in one place (the connection), which clients turn into "not supported".
/// Other assemblies add procedures with <see cref="Register{TArgs,TRet}"/> / <see cref="RegisterSync{TArgs,TRet}"/>
/// before the server starts accepting clients.
/// </summary>
public sealed class RpcDispatcher
{
    private const int TableSize = 1024;
    private readonly ProcedureEntry?[] _table = new ProcedureEntry?[TableSize];

    /// <summary>Adds an asynchronous handler (it may wait for a domain job, QEMU, ...).</summary>
    public void Register<TArgs, TRet>(RemoteProcedure proc, Func<CallContext, TArgs, ValueTask<TRet>> handler, ProcedureOptions? options = null)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet> =>
        Add(new AsyncEntry<TArgs, TRet>((int)proc, options ?? ProcedureOptions.Read, handler));

    /// <summary>Adds a handler that answers at once (reads from memory): it runs on the connection's read loop.</summary>
    public void RegisterSync<TArgs, TRet>(RemoteProcedure proc, Func<CallContext, TArgs, TRet> handler, ProcedureOptions? options = null)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet> =>
        Add(new SyncEntry<TArgs, TRet>((int)proc, options ?? ProcedureOptions.Read, handler));

    /// <summary>Replaces or removes (null) the handler of a procedure, e.g. to stub it in a test.</summary>
    public void Replace(RemoteProcedure proc, ProcedureEntry? entry) => _table[Check((int)proc)] = entry;

    public ProcedureEntry? Find(int proc) => (uint)proc < TableSize ? _table[proc] : null;

    /// <summary>Every registered procedure, by number.</summary>
    public IEnumerable<ProcedureEntry> Entries => _table.Where(e => e is not null)!;

    private void Add(ProcedureEntry entry)
    {
        var i = Check(entry.Procedure);
        // A handler with the wrong record would put the wrong bytes on the wire: refuse it at startup.
        if (ProcedureSignatures.All.TryGetValue((RemoteProcedure)entry.Procedure, out var sig) &&
            (sig.Args != entry.ArgsType || sig.Ret != entry.RetType))
            throw new InvalidOperationException(
                $"procedure {entry.Name} takes {sig.Args.Name} and answers {sig.Ret.Name}, not {entry.ArgsType.Name} / {entry.RetType.Name}");
        if (_table[i] is not null)
            throw new InvalidOperationException($"procedure {entry.Name} ({entry.Procedure}) already has a handler");
        _table[i] = entry;
    }

    private static int Check(int proc) =>
        (uint)proc < TableSize ? proc : throw new ArgumentOutOfRangeException(nameof(proc), proc, "procedure number out of range");
}
