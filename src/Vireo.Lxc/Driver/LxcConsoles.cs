using System.Net.Sockets;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Sockets;

namespace Vireo.Lxc.Driver;

/// <summary>
/// The container's console: a connection to the helper's console socket. The helper keeps what the
/// container printed since its first byte (a ring buffer), so a session asked to replay history starts
/// there; any other session starts at the first byte no session has been sent yet (what a pty keeps
/// for its next reader: `virsh console` on a fresh container shows its start). Input goes to the pty.
/// Sessions never disturb the container when they close.
/// </summary>
internal sealed class LxcConsoles : IDomainConsoles
{
    private readonly LxcRuntime _rt;

    public LxcConsoles(LxcRuntime runtime) => _rt = runtime;

    public async ValueTask<IConsoleSession> OpenAsync(Guid uuid, string? devName, bool replayHistory, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        if (devName is not null && devName is not ("console0" or "serial0"))
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot find console device '{devName}'");
        var rc = LxcRuntime.Running(dom);
        Socket socket;
        try
        {
            socket = await UnixSocket.ConnectAsync(rc.Paths.ConsoleSocket, TimeSpan.FromSeconds(5), rc.HelperExited, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or SocketException)
        {
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot open the console of container '{dom.Name}': {e.Message}", e);
        }
        // The first byte tells the helper where to start: 'H' from its history, 'L' from the unseen output.
        await socket.SendAsync(new[] { replayHistory ? (byte)'H' : (byte)'L' }, SocketFlags.None, ct).ConfigureAwait(false);
        return new Session(socket);
    }

    private sealed class Session : IConsoleSession
    {
        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[16384];

        public Session(Socket socket) => _socket = socket;

        public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return ReadOnlyMemory<byte>.Empty; // the helper went away with the container
            }
            return n == 0 ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, n).ToArray();
        }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            try
            {
                await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"the container's console is closed: {e.Message}", e);
            }
        }

        public ValueTask DisposeAsync()
        {
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
