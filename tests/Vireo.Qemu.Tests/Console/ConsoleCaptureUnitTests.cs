using System.Net.Sockets;
using System.Text;
using Vireo.Qemu.Console;

namespace Vireo.Qemu.Tests.Console;

/// <summary>ConsoleCapture against an in-process chardev-like socket server.</summary>
public sealed class ConsoleCaptureUnitTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-console-").FullName;
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public ConsoleCaptureUnitTests()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
    }

    private string SocketPath => Path.Combine(_dir, "serial0.sock");
    private string LogPath => Path.Combine(_dir, "serial0.log");

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_dir, true);
    }

    private async Task<(ConsoleCapture, Socket guest)> StartAsync(int clientQueueBytes = 1 << 20, int ringBytes = 1 << 20)
    {
        Task<ConsoleCapture> capture = ConsoleCapture.StartAsync(new ConsoleCaptureOptions
        {
            SocketPath = SocketPath, LogPath = LogPath, ClientQueueBytes = clientQueueBytes, RingBufferBytes = ringBytes,
        }, Ct);
        Socket guest = await _listener.AcceptAsync(Ct);
        return (await capture, guest);
    }

    private static Task Say(Socket guest, string text) => guest.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, Ct).AsTask();

    [Fact]
    public async Task HistoryThenLiveForEveryClient()
    {
        var (capture, guest) = await StartAsync();
        await using var _ = capture;
        using var __ = guest;
        var early = new ConsoleReader(capture.Attach(replayHistory: false));
        await Say(guest, "SeaBIOS banner\r\n");
        await early.WaitForAsync("banner", TimeSpan.FromSeconds(10), Ct);

        var late = new ConsoleReader(capture.Attach(replayHistory: true));
        var liveOnly = new ConsoleReader(capture.Attach(replayHistory: false));
        await Say(guest, "login: ");
        await late.WaitForAsync("login: ", TimeSpan.FromSeconds(10), Ct);
        await liveOnly.WaitForAsync("login: ", TimeSpan.FromSeconds(10), Ct);
        await early.WaitForAsync("login: ", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("SeaBIOS banner\r\nlogin: ", late.Text);
        Assert.Equal(late.Text, early.Text);
        Assert.Equal("login: ", liveOnly.Text);
    }

    [Fact]
    public async Task InputFromAnyClientReachesTheGuestAndDetachingDisturbsNobody()
    {
        var (capture, guest) = await StartAsync();
        await using var _ = capture;
        using var __ = guest;
        var a = capture.Attach(false);
        var b = capture.Attach(false);
        await a.WriteAsync("ls\r"u8.ToArray(), Ct);
        await b.WriteAsync("pwd\r"u8.ToArray(), Ct);
        var buf = new byte[64];
        var received = new StringBuilder();
        while (received.Length < 7)
            received.Append(Encoding.ASCII.GetString(buf, 0, await guest.ReceiveAsync(buf, SocketFlags.None, Ct)));
        Assert.Equal("ls\rpwd\r", received.ToString());

        await a.DisposeAsync();
        await Say(guest, "still here");
        var reader = new ConsoleReader(b);
        await reader.WaitForAsync("still here", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("still here", reader.Text);
    }

    [Fact]
    public async Task ASlowClientLosesItsOldestOutputAndIsToldWhileOthersGetEverything()
    {
        var (capture, guest) = await StartAsync(clientQueueBytes: 4096);
        await using var _ = capture;
        using var __ = guest;
        var slow = capture.Attach(false);   // never reads until the end
        var fast = new ConsoleReader(capture.Attach(false));
        var expected = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            string line = $"line {i:D4} {new string('x', 80)}\r\n";
            expected.Append(line);
            await Say(guest, line);
            // Wait until the fast client has it, so each line is its own chunk (a deterministic overflow).
            await fast.WaitForAsync(line, TimeSpan.FromSeconds(10), Ct, from: expected.Length - line.Length);
        }
        Assert.Equal(expected.ToString(), fast.Text);

        var session = (ConsoleSession)slow;
        Assert.True(session.LostBytes > 0);
        string first = Encoding.ASCII.GetString((await slow.ReadAsync(Ct)).Span);
        Assert.Equal($"\r\n[vireo: {session.LostBytes} bytes of console output were dropped because this client fell behind]\r\n", first);
        var rest = new ConsoleReader(slow);
        await rest.WaitForAsync("line 0199", TimeSpan.FromSeconds(10), Ct);
        Assert.EndsWith(rest.Text, expected.ToString()); // what it kept is the newest output, intact
        Assert.Equal(expected.Length, session.LostBytes + rest.Text.Length); // and every byte is accounted for
    }

    [Fact]
    public async Task SocketCloseEndsEverySessionAfterItsData()
    {
        var (capture, guest) = await StartAsync();
        await using var _ = capture;
        var session = new ConsoleReader(capture.Attach(false));
        await Say(guest, "reboot: Power down\r\n");
        guest.Dispose();
        await session.ReadToEndAsync(Ct);
        Assert.Equal("reboot: Power down\r\n", session.Text);
        await capture.Ended.WaitAsync(Ct);
        var afterEnd = new ConsoleReader(capture.Attach(replayHistory: true));
        await afterEnd.ReadToEndAsync(Ct);
        Assert.Equal("reboot: Power down\r\n", afterEnd.Text);
        await Assert.ThrowsAsync<IOException>(() => capture.WriteInputAsync("x"u8.ToArray(), Ct).AsTask());
    }

    [Fact]
    public async Task ARestartedCaptureContinuesTheLogAndRefillsHistoryFromIt()
    {
        var (first, guest1) = await StartAsync(ringBytes: 64);
        var reader = new ConsoleReader(first.Attach(false));
        await Say(guest1, "before the daemon restart\r\n");
        await reader.WaitForAsync("restart", TimeSpan.FromSeconds(10), Ct);
        await first.DisposeAsync(); // the daemon goes away; the guest (guest1) stays
        Assert.Equal("before the daemon restart\r\n", File.ReadAllText(LogPath));

        var (second, guest2) = await StartAsync(ringBytes: 16);
        await using var _ = second;
        using var __ = guest2;
        var replay = new ConsoleReader(second.Attach(replayHistory: true));
        await Say(guest2, "after\r\n");
        await replay.WaitForAsync("after\r\n", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("daemon restart\r\nafter\r\n", replay.Text); // the log's last 16 bytes, then live output
        await second.DisposeAsync();
        Assert.Equal("before the daemon restart\r\nafter\r\n", File.ReadAllText(LogPath));
        guest1.Dispose();
    }

    [Theory]
    [InlineData(10, new[] { "abc" }, "abc")]
    [InlineData(4, new[] { "abc", "def" }, "cdef")]
    [InlineData(4, new[] { "abcdefgh" }, "efgh")]
    [InlineData(5, new[] { "ab", "cd", "ef", "g" }, "cdefg")]
    public void RingBufferKeepsTheNewestBytes(int capacity, string[] writes, string expected)
    {
        var ring = new ConsoleRingBuffer(capacity);
        foreach (string w in writes)
            ring.Append(Encoding.ASCII.GetBytes(w));
        Assert.Equal(expected, Encoding.ASCII.GetString(ring.Snapshot()));
    }
}
