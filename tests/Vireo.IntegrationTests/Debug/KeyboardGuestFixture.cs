using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Debug;

/// <summary>
/// One demo guest with every SysRq function enabled (vireo.sysrq=1), served to virsh and vireo, for the
/// send-key tests of the "keyboard guest" collection (they run one after the other, each leaving the guest
/// at its prompt).
/// </summary>
public sealed class KeyboardGuestFixture : IAsyncLifetime
{
    internal ServedEngine Rig { get; private set; } = null!;
    internal string Name { get; private set; } = "";
    internal ConsoleReader Console { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Rig = await ServedEngine.StartAsync();
        Name = await Rig.StartGuestAsync("keys", xml => xml.Replace("no_timer_check", "no_timer_check vireo.sysrq=1", StringComparison.Ordinal));
        Console = await Rig.ReadyConsoleAsync(Name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Console is not null) await Console.DisposeAsync();
        if (Rig is not null) await Rig.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class KeyboardGuestCollection : ICollectionFixture<KeyboardGuestFixture>
{
    public const string Name = "keyboard guest";
}
