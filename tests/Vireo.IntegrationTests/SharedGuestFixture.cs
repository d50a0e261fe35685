using Vireo.Core.State;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// One demo guest booted once for every test in the "shared guest" collection (they run one after the
/// other and each leaves the guest running and ready), so the suite pays for one boot, not ten.
/// </summary>
public sealed class SharedGuestFixture : IAsyncLifetime
{
    private readonly TempRoot _root = new();

    internal Engine Engine { get; private set; } = null!;
    internal DomainRef Domain { get; private set; }
    internal string Name { get; } = DemoKit.UniqueName("shared");

    /// <summary>Attached from before power-on: everything the guest ever printed.</summary>
    internal ConsoleReader Console { get; private set; } = null!;

    /// <summary>Every event of the shared guest since before it was defined.</summary>
    internal EventLog Events { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Engine = await Engine.StartAsync(_root.Path, new Vireo.Qemu.Driver.QemuDriverOptions
        {
            ShutdownRetryAfter = TimeSpan.FromSeconds(15),
            JobWait = TimeSpan.FromSeconds(1), // so the job test sees the refusal quickly
        });
        Events = new EventLog(Engine.Driver.Events, Name);
        Domain = await Engine.DefineAndStartAsync(Name);
        Console = await Engine.ConsoleAsync(Domain.Uuid);
        await Console.WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Engine is not null)
        {
            await Engine.DestroyAllAsync();
            await Engine.DisposeAsync();
        }
        if (Console is not null) await Console.DisposeAsync();
        Events?.Dispose();
        _root.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedGuestCollection : ICollectionFixture<SharedGuestFixture>
{
    public const string Name = "shared guest";
}
