namespace Vireo.IntegrationTests.Support;

/// <summary>
/// A test class with its own engine on its own temp root; every guest it started is destroyed and the
/// root removed afterwards, whatever the tests did.
/// </summary>
public abstract class EngineTest : IAsyncLifetime
{
    private readonly TempRoot _root = new();

    internal TempRoot Root => _root;
    internal Engine Engine { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Engine = await Engine.StartAsync(_root.Path);

    public async ValueTask DisposeAsync()
    {
        await Engine.DestroyAllAsync();
        await Engine.DisposeAsync();
        _root.Dispose();
        GC.SuppressFinalize(this);
    }
}
