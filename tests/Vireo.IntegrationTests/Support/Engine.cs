using Microsoft.Extensions.Logging;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// A QEMU driver on a root directory, as `vireo -c 'qemu:///embed?root=DIR'` runs it. Disposing stops
/// the engine only (guests keep running, by design); <see cref="DestroyAllAsync"/> is what tests call
/// to leave no guest behind.
/// </summary>
internal sealed class Engine : IAsyncDisposable
{
    private Engine(QemuDriver driver, string root)
    {
        Driver = driver;
        Root = root;
    }

    public QemuDriver Driver { get; }
    public string Root { get; }
    public QemuDriverPaths Paths => Driver.Paths;
    public IDomainLifecycle Lifecycle => Driver.Lifecycle;
    public IDomainQueries Domains => Driver.Domains;

    public static async Task<Engine> StartAsync(string root, QemuDriverOptions? options = null)
    {
        var driver = new QemuDriver(QemuDriverPaths.Under(root), options ?? new QemuDriverOptions
        {
            // Tests press the power button only after the guest is ready, so a long retry is fine.
            ShutdownRetryAfter = TimeSpan.FromSeconds(15),
            CapsCacheDirectory = SharedCaps.Path,
        }, TestLog.Instance);
        await driver.StartAsync(CancellationToken.None);
        return new Engine(driver, root);
    }

    public async Task<DomainRef> DefineAndStartAsync(string name, Func<string, string>? edit = null)
    {
        var d = await Lifecycle.DefineAsync(DemoKit.DomainXml(name, edit), DefineFlags.None, CancellationToken.None);
        return await Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None);
    }

    public async Task<ConsoleReader> ConsoleAsync(Guid uuid, bool history = true) =>
        new(await Driver.Consoles.OpenAsync(uuid, null, history, CancellationToken.None));

    public StateWithReason State(Guid uuid) => Domains.State(uuid);

    /// <summary>Destroys every running guest of this engine (tests always clean up what they start).</summary>
    public Task DestroyAllAsync() => DestroyAllAsync(Driver);

    /// <summary>Destroys every running guest or container of a driver (one that ended meanwhile is skipped).</summary>
    public static async Task DestroyAllAsync(IHypervisorDriver driver)
    {
        foreach (var d in driver.Domains.List(ListFlags.Active))
        {
            try
            {
                await driver.Lifecycle.DestroyAsync(d.Ref.Uuid, DestroyFlags.Default, CancellationToken.None);
            }
            catch (Core.Errors.VirException)
            {
                // already gone
            }
        }
    }

    public ValueTask DisposeAsync() => Driver.DisposeAsync();
}

/// <summary>Driver log lines go to stderr of the test run (visible with --logger "console;verbosity=detailed").</summary>
internal sealed class TestLog : ILogger
{
    public static readonly TestLog Instance = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Console.Error.WriteLine($"[{logLevel}] {formatter(state, exception)}");
    }
}
