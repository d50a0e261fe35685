using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Test;
using Vireo.Platform.Sockets;
using Vireo.Rpc.Client;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;

namespace Vireo.Lxc.Tests.Rpc;

/// <summary>
/// libvirt's LXC program on our server, on the wire: DOMAIN_OPEN_NAMESPACE answered with REPLY_WITH_FDS
/// (count after the header, then one descriptor per byte, as virsh's recvfd reads them), its refusals,
/// and our client for it. The namespaces handed out here are this test process's own (no root, no
/// container needed); tests with real containers and stock virsh are in the integration tests.
/// </summary>
public sealed class LxcProgramTests : IAsyncLifetime
{
    private static readonly string[] Kinds = ["ipc", "net", "uts"];

    private readonly TestDriver _driver = new(new TestDriverOptions { WithDefaultDomain = true, UriSchemes = ["lxc"], CanonicalUri = "lxc:///", HypervisorType = "LXC" });
    private readonly string _dir = Directory.CreateTempSubdirectory("vlxrpc").FullName;
    private RpcServer _server = null!;
    private string _socket = null!;
    private DomainRef _dom;

    public async ValueTask InitializeAsync()
    {
        _driver.Features[typeof(IDomainNamespaces)] = new OwnNamespaces();
        await _driver.StartAsync(CancellationToken.None);
        _dom = _driver.Domains.LookupByName("test");
        _server = new RpcServer([_driver]);
        _socket = Path.Combine(_dir, "sock");
        _server.ListenUnix(_socket);
    }

    [Fact]
    public async Task TheClientReceivesDescriptorsOfTheNamespacesTheDriverOpened()
    {
        await using var conn = await FdCallConnection.OpenAsync(_socket, "lxc:///", readOnly: false, CancellationToken.None);
        var fds = await conn.OpenNamespaceAsync(_dom, CancellationToken.None);
        try
        {
            Assert.Equal(Kinds.Select(k => Target($"/proc/self/ns/{k}")),
                fds.Select(fd => Target($"/proc/self/fd/{fd.DangerousGetHandle()}")));
        }
        finally
        {
            foreach (var fd in fds) fd.Dispose();
        }
    }

    [Fact]
    public async Task TheReplyIsLibvirtsReplyWithFdsFollowedByOneDescriptorPerByte()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socket), TestContext.Current.CancellationToken);
        await CallAsync(socket, Programs.Remote, (int)RemoteProcedure.AuthList, 0, default(VoidRecord));
        await CallAsync(socket, Programs.Remote, (int)RemoteProcedure.ConnectOpen, 1, new ConnectOpenArgs("lxc:///", 0));
        await SendAsync(socket, LxcProtocol.Program, (int)LxcProcedure.DomainOpenNamespace, 2, new DomainFlagsArgs(_dom, 0));

        // The message exactly: header, then the count; no descriptor may ride on these bytes.
        var (reply, fdsWithReply) = await ReceiveExactlyAsync(socket, 28 + 4);
        Assert.Empty(fdsWithReply);
        Assert.Equal(32u, BinaryPrimitives.ReadUInt32BigEndian(reply));
        var h = MessageHeader.Read(reply.AsSpan(4));
        Assert.Equal(new MessageHeader(Programs.Lxc, 1, 1, MessageType.ReplyWithFds, 2, MessageStatus.Ok), h);
        Assert.Equal((uint)Kinds.Length, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(28)));

        // Then each descriptor with a byte of its own, as gnulib's recvfd (one byte, one descriptor) takes them.
        for (var i = 0; i < Kinds.Length; i++)
        {
            var (one, fds) = await ReceiveExactlyAsync(socket, 1);
            Assert.Equal(0, one[0]);
            var fd = Assert.Single(fds);
            using (fd)
                Assert.Equal(Target($"/proc/self/ns/{Kinds[i]}"),
                    Target($"/proc/self/fd/{fd.DangerousGetHandle()}"));
        }
    }

    [Fact]
    public async Task AReadOnlyConnectionIsRefusedAsLibvirtRefusesIt()
    {
        await using var conn = await FdCallConnection.OpenAsync(_socket, "lxc:///", readOnly: true, CancellationToken.None);
        var e = await Assert.ThrowsAsync<VirException>(() => conn.OpenNamespaceAsync(_dom, CancellationToken.None));
        Assert.Equal(VirErrorCode.OperationDenied, e.Code);
        Assert.Equal("operation forbidden: read only access prevents virDomainLxcOpenNamespace", e.Message);
    }

    [Fact]
    public async Task UnknownFlagsAndProceduresGetLibvirtsErrorsAndTheConnectionGoesOn()
    {
        await using var conn = await FdCallConnection.OpenAsync(_socket, "lxc:///", readOnly: false, CancellationToken.None);
        var flags = await Assert.ThrowsAsync<VirException>(() =>
            conn.CallAsync<DomainFlagsArgs, VoidRecord>(LxcProtocol.Program, 1, new DomainFlagsArgs(_dom, 1), CancellationToken.None));
        Assert.Equal(VirErrorCode.InvalidArg, flags.Code);
        Assert.Contains("unsupported flags (0x1) in function lxcDomainLxcOpenNamespace", flags.Message);
        var proc = await Assert.ThrowsAsync<VirException>(() =>
            conn.CallAsync<DomainFlagsArgs, VoidRecord>(LxcProtocol.Program, 2, new DomainFlagsArgs(_dom, 0), CancellationToken.None));
        Assert.Contains("unknown procedure: 2", proc.Message);
        var fds = await conn.OpenNamespaceAsync(_dom, CancellationToken.None);
        Assert.Equal(Kinds.Length, fds.Count);
        foreach (var fd in fds) fd.Dispose();
    }

    [Fact]
    public async Task ADriverWithoutContainersAnswersNotSupported()
    {
        _driver.Features.Remove(typeof(IDomainNamespaces));
        await using var conn = await FdCallConnection.OpenAsync(_socket, "lxc:///", readOnly: false, CancellationToken.None);
        var e = await Assert.ThrowsAsync<VirException>(() => conn.OpenNamespaceAsync(_dom, CancellationToken.None));
        Assert.Equal(VirErrorCode.NoSupport, e.Code);
        Assert.Contains("virDomainLxcOpenNamespace", e.Message);
    }

    [Fact]
    public async Task AnInProcessPipeCannotPassDescriptorsAndSaysSo()
    {
        // The embedded client's pipe (RpcServer.ConnectInProcess); the calls are written by hand.
        var raw = _server.ConnectInProcess();
        await WritePipeAsync(raw, Programs.Remote, (int)RemoteProcedure.AuthList, 0, default(VoidRecord));
        await WritePipeAsync(raw, Programs.Remote, (int)RemoteProcedure.ConnectOpen, 1, new ConnectOpenArgs("lxc:///", 0));
        await WritePipeAsync(raw, LxcProtocol.Program, 1, 2, new DomainFlagsArgs(_dom, 0));
        var (header, payload) = await ReadPipeAsync(raw, serial: 2);
        Assert.Equal(MessageType.Reply, header.Type);
        Assert.Equal(MessageStatus.Error, header.Status);
        var r = new Vireo.Rpc.Xdr.XdrReader(payload);
        Assert.Equal("file descriptor passing is not supported on this connection", RemoteError.Decode(ref r).ToException().Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task SendAsync<T>(Socket s, uint prog, int proc, uint serial, T args) where T : Vireo.Rpc.Xdr.IXdrRecord<T>
    {
        var msg = MessageBuilder.Build(new MessageHeader(prog, 1, proc, MessageType.Call, serial, MessageStatus.Ok), args);
        try { await s.SendAsync(msg.Memory, TestContext.Current.CancellationToken); }
        finally { msg.Release(); }
    }

    /// <summary>A call whose plain reply is read whole (by its length word) and checked to be OK.</summary>
    private static async Task CallAsync<T>(Socket s, uint prog, int proc, uint serial, T args) where T : Vireo.Rpc.Xdr.IXdrRecord<T>
    {
        await SendAsync(s, prog, proc, serial, args);
        var (len, _) = await ReceiveExactlyAsync(s, 4);
        var (rest, _) = await ReceiveExactlyAsync(s, (int)BinaryPrimitives.ReadUInt32BigEndian(len) - 4);
        var h = MessageHeader.Read(rest);
        Assert.Equal((MessageType.Reply, MessageStatus.Ok, serial), (h.Type, h.Status, h.Serial));
    }

    /// <summary>Reads exactly n bytes with recvmsg (never more), keeping any descriptors that came with them.</summary>
    private static async Task<(byte[] Bytes, List<SafeFileHandle> Fds)> ReceiveExactlyAsync(Socket s, int n)
    {
        var buffer = new byte[n];
        var fds = new List<SafeFileHandle>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var got = 0; got < n;)
        {
            var (bytes, more) = await FdPassing.ReceiveAsync(s, buffer.AsMemory(got), timeout.Token);
            Assert.True(bytes > 0, "the server closed the connection");
            got += bytes;
            fds.AddRange(more);
        }
        return (buffer, fds);
    }

    private static async Task WritePipeAsync<T>(System.IO.Pipelines.IDuplexPipe pipe, uint prog, int proc, uint serial, T args) where T : Vireo.Rpc.Xdr.IXdrRecord<T>
    {
        var msg = MessageBuilder.Build(new MessageHeader(prog, 1, proc, MessageType.Call, serial, MessageStatus.Ok), args);
        try { await pipe.Output.WriteAsync(msg.Memory, TestContext.Current.CancellationToken); }
        finally { msg.Release(); }
    }

    private static async Task<(MessageHeader, byte[])> ReadPipeAsync(System.IO.Pipelines.IDuplexPipe pipe, uint serial)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await pipe.Input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            while (FrameReader.TryReadFrame(ref buffer, out var frame))
            {
                if (frame.Header.Serial != serial) continue;
                var payload = frame.Payload.ToArray();
                pipe.Input.AdvanceTo(buffer.Start, buffer.End);
                return (frame.Header, payload);
            }
            pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            Assert.False(result.IsCompleted, "the server closed the pipe without answering");
        }
    }

    /// <summary>What a namespace link or descriptor names ("net:[4026531840]").</summary>
    private static string Target(string link) => new FileInfo(link).LinkTarget!;

    /// <summary>Hands out this process's own ipc, net and uts namespaces.</summary>
    private sealed class OwnNamespaces : IDomainNamespaces
    {
        public IReadOnlyList<SafeFileHandle> OpenNamespaces(Guid uuid) =>
            Kinds.Select(k => File.OpenHandle($"/proc/self/ns/{k}", FileMode.Open, FileAccess.Read)).ToList();

        public ValueTask<ContainerExecResult> ExecAsync(Guid uuid, IReadOnlyList<string> command, ReadOnlyMemory<byte> stdin,
            IReadOnlyDictionary<string, string>? environment, CancellationToken ct) =>
            throw new NotSupportedException("not used by these tests");
    }
}
