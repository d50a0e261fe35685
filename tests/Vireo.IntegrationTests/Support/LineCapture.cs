using System.Diagnostics;
using System.Text;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// A long-running client program (virsh event --loop, a python-libvirt callback loop) whose standard output is
/// collected line by line while the test acts; disposing kills it and waits for the last lines.
/// </summary>
internal sealed class LineCapture : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _text = new();
    private readonly Task _reader;

    private LineCapture(Process process)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                lock (_text) _text.Append(line).Append('\n');
        });
    }

    public static LineCapture Start(string program, params string[] args) => new(Process.Start(ProcessRunner.StartInfo(program, args))!);

    /// <summary>A python-libvirt script run with Debian's /usr/bin/python3, unbuffered.</summary>
    public static LineCapture Python(string script) => Start("/usr/bin/python3", "-u", "-c", script);

    /// <summary>
    /// A python-libvirt callback loop for one event id (a libvirt constant, e.g. VIR_DOMAIN_EVENT_ID_TRAY_CHANGE) of
    /// every domain, returned once it has registered (its first line is "registered"). Each event prints
    /// <paramref name="print"/>, a python expression over the callback's <paramref name="args"/>.
    /// </summary>
    public static async Task<LineCapture> PythonCallbackAsync(string uri, string eventId, string args, string print)
    {
        var capture = Python($$"""
            import libvirt
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open('{{uri}}')
            def cb({{args}}):
                print({{print}}, flush=True)
            c.domainEventRegisterAny(None, libvirt.{{eventId}}, cb, None)
            print('registered', flush=True)
            while True:
                libvirt.virEventRunDefaultImpl()
            """);
        await capture.WaitAsync(t => t.StartsWith("registered\n", StringComparison.Ordinal), "the python callback to register").ConfigureAwait(false);
        return capture;
    }

    public string Text
    {
        get { lock (_text) return _text.ToString(); }
    }

    public string[] Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Waits until the output so far satisfies the check.</summary>
    public Task WaitAsync(Func<string, bool> ok, string what, TimeSpan? timeout = null) =>
        Expect.EventuallyAsync(() => Task.FromResult(Text), ok, what, timeout);

    /// <summary>Sends SIGINT (what Ctrl-C sends) and waits for the program to end and its last lines.</summary>
    public async Task InterruptAsync()
    {
        await ProcessRunner.OkAsync("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _reader.ConfigureAwait(false);
        _process.Dispose();
    }
}
