using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// A short conversation with qemu-guest-agent over the org.qemu.guest_agent.0 channel (qemu-probe 3j):
/// guest-sync-delimited to flush whatever an earlier client left half-sent, then commands, one JSON
/// object per line. Used to freeze the guest's file systems around a snapshot and to ask its host name. Every wait has a
/// deadline: an agent that is not running in the guest never answers.
/// </summary>
internal sealed class GuestAgent : IAsyncDisposable
{
    private const string ChannelName = ChannelStates.AgentChannel;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[4096];
    private int _start, _end;

    private GuestAgent(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _timeout = timeout;
    }

    /// <summary>The host end of the agent channel, or null when the domain has none.</summary>
    public static string? SocketPath(DomainDef def, CommandLine.QemuRuntimePaths paths)
    {
        var index = def.Devices.Channels.ToList().FindIndex(c => c.TargetName == ChannelName);
        if (index < 0) return null;
        return def.Devices.Channels[index].Source?.Path ?? paths.ChannelSocket(index, ChannelName);
    }

    /// <summary>How long a call waits for the agent: it answers in milliseconds when it runs at all.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects to a running guest's agent (its channel in the live definition), each wait bounded by the domain's agent timeout.</summary>
    public static Task<GuestAgent> ConnectAsync(GuestProcess guest, string domainName, CancellationToken ct) =>
        ConnectAsync(guest, domainName, TimeoutOf(guest.State.Domain.AgentTimeout), ct);

    /// <summary>Connects to a running guest's agent, each wait bounded by <paramref name="timeout"/>.</summary>
    public static Task<GuestAgent> ConnectAsync(GuestProcess guest, string domainName, TimeSpan timeout, CancellationToken ct)
    {
        // QEMU said the guest has not opened the agent's port: nothing would answer, so say so at once (libvirt's check).
        if (ChannelStates.AgentIndex(guest.Live) is { } k && guest.ChannelStates.TryGetValue(k, out var state) && state == ChannelState.Disconnected)
            return Task.FromException<GuestAgent>(new VirException(VirErrorCode.AgentUnresponsive, VirErrorDomain.Qemu,
                $"QEMU guest agent is not connected: the guest of domain '{domainName}' has not opened its {ChannelName} channel (is qemu-guest-agent running in the guest?)"));
        return ConnectAsync(SocketPath(guest.Live, guest.Paths), domainName, timeout, ct);
    }

    /// <summary>A domain's agent timeout (guest-agent-timeout) as a wait: forever, the default, none, or seconds.</summary>
    public static TimeSpan TimeoutOf(int seconds) => seconds switch
    {
        AgentTimeouts.Block => Timeout.InfiniteTimeSpan,
        AgentTimeouts.Default => DefaultTimeout,
        _ => TimeSpan.FromSeconds(seconds),
    };

    /// <summary>Connects and synchronises; libvirt's errors when the agent is not configured or does not answer.</summary>
    public static async Task<GuestAgent> ConnectAsync(string? socketPath, string domainName, TimeSpan timeout, CancellationToken ct)
    {
        if (socketPath is null)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu,
                $"QEMU guest agent is not configured (domain '{domainName}' has no <channel> named {ChannelName})");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        GuestAgent? agent = null;
        try
        {
            using var deadline = Deadline(timeout, ct);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token).ConfigureAwait(false);
            // Only now: a NetworkStream refuses a socket that is not connected yet.
            agent = new GuestAgent(socket, timeout);
            await agent.SyncAsync(deadline.Token).ConfigureAwait(false);
            return agent;
        }
        catch (Exception e)
        {
            if (agent is not null) await agent.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            if (e is not (SocketException or IOException) && (e is not OperationCanceledException || ct.IsCancellationRequested)) throw;
            throw new VirException(VirErrorCode.AgentUnresponsive, VirErrorDomain.Qemu,
                $"QEMU guest agent is not connected: domain '{domainName}' got no answer on {socketPath} {Within(timeout)} (is qemu-guest-agent running in the guest?)");
        }
    }

    /// <summary>Runs one agent command and returns its "return" member; the agent's error becomes an exception.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken ct)
    {
        using var deadline = Deadline(_timeout, ct);
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null) request["arguments"] = arguments;
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), deadline.Token).ConfigureAwait(false);
        var reply = JsonNode.Parse(await ReadLineAsync(deadline.Token).ConfigureAwait(false)) as JsonObject;
        if (reply?["error"] is JsonObject err)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Qemu,
                $"unable to execute QEMU agent command '{command}': {(string?)err["desc"] ?? "no reason given"}",
                new AgentCommandError(command, (string?)err["class"]));
        return reply?["return"];
    }

    /// <summary>
    /// Runs a client's command as it is (virsh qemu-agent-command) and returns the agent's whole reply; the
    /// agent's error becomes an exception, named after <paramref name="name"/>.
    /// </summary>
    public async Task<JsonObject> ExecuteRawAsync(JsonNode command, string name, CancellationToken ct)
    {
        using var deadline = Deadline(_timeout, ct);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToJsonString() + "\n"), deadline.Token).ConfigureAwait(false);
        var reply = JsonNode.Parse(await ReadLineAsync(deadline.Token).ConfigureAwait(false)) as JsonObject
            ?? throw VirErrors.Internal($"the guest agent answered '{name}' with something that is not a JSON object");
        if (reply["error"] is JsonObject err)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Qemu,
                $"unable to execute QEMU agent command '{name}': {(string?)err["desc"] ?? "no reason given"}",
                new AgentCommandError(name, (string?)err["class"]));
        return reply;
    }

    /// <summary>
    /// Sends a command that gives no reply when it works (guest-suspend-*: the guest is asleep before it could
    /// answer; guest-shutdown: the agent hands over to the guest's shutdown); a refusal the agent sends at once is not waited for.
    /// </summary>
    public async Task SendWithoutReplyAsync(string command, CancellationToken ct, JsonObject? arguments = null)
    {
        using var deadline = Deadline(_timeout, ct);
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null) request["arguments"] = arguments;
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), deadline.Token).ConfigureAwait(false);
    }

    private async Task SyncAsync(CancellationToken ct)
    {
        int id = Random.Shared.Next(1, int.MaxValue);
        // 0xFF makes the agent drop any partial input; it answers our sync after its own 0xFF.
        var request = Encoding.UTF8.GetBytes($"{{\"execute\":\"guest-sync-delimited\",\"arguments\":{{\"id\":{id}}}}}\n");
        await _stream.WriteAsync(new byte[] { 0xFF }, ct).ConfigureAwait(false);
        await _stream.WriteAsync(request, ct).ConfigureAwait(false);
        while (true)
        {
            // Skip to the delimiter, then read the reply; older replies (e.g. to the 0xFF itself) come before it.
            while (true)
            {
                if (_start == _end) await FillAsync(ct).ConfigureAwait(false);
                if (_buffer[_start++] == 0xFF) break;
            }
            var line = await ReadLineAsync(ct).ConfigureAwait(false);
            if (JsonNode.Parse(line)?["return"] is JsonValue v && v.TryGetValue(out int got) && got == id) return;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end) await FillAsync(ct).ConfigureAwait(false);
            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                var text = Encoding.UTF8.GetString(line.ToArray()).Trim();
                if (text.Length > 0) return text;
                continue;
            }
            if (b != 0xFF) line.Add(b);
        }
    }

    private async Task FillAsync(CancellationToken ct)
    {
        int n = await _stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
        if (n == 0) throw new IOException("the guest agent channel closed");
        _start = 0;
        _end = n;
    }

    private static string Within(TimeSpan timeout) =>
        timeout == TimeSpan.Zero ? "at once (its timeout is 0, no wait: guest-agent-timeout)" : $"within {timeout.TotalSeconds:0} s";

    private static CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        return cts;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync().ConfigureAwait(false);
}

/// <summary>
/// The agent's own refusal of a command, kept as the inner exception of the VirException callers see: its
/// error class ("CommandNotFound", "CommandDisabled", "GenericError") lets a caller tell a command the
/// agent lacks from one that failed.
/// </summary>
internal sealed class AgentCommandError(string command, string? errorClass) : Exception($"the guest agent refused '{command}' ({errorClass ?? "no class"})")
{
    public string? ErrorClass => errorClass;

    /// <summary>The agent does not have the command, or has it switched off (libvirt's "unsupported").</summary>
    public static bool IsUnsupported(Exception e) =>
        e is VirException { InnerException: AgentCommandError { ErrorClass: "CommandNotFound" or "CommandDisabled" } };
}

