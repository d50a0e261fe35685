namespace Vireo.Qemu.Driver.Features;

/// <summary>
/// The optional capabilities of the QEMU driver (snapshots, tuning, devices, debugging, ...). Each feature
/// area registers its implementation from its own file with a module initializer, so adding a feature
/// never edits the driver class:
/// <code>
/// [ModuleInitializer] internal static void Register() =&gt; QemuFeatureRegistry.Add&lt;IDomainDebug&gt;(ctx =&gt; new QemuDebug(ctx));
/// </code>
/// The driver builds one instance of each per driver instance; <c>Feature&lt;T&gt;()</c> then answers T.
/// </summary>
internal static class QemuFeatureRegistry
{
    private static readonly List<(Type Contract, Func<DriverContext, object> Factory)> Factories = [];

    public static void Add<TContract>(Func<DriverContext, TContract> factory) where TContract : class
    {
        lock (Factories) Factories.Add((typeof(TContract), ctx => factory(ctx)));
    }

    /// <summary>One instance per registered contract, for one driver.</summary>
    public static QemuFeatures CreateFor(DriverContext ctx)
    {
        lock (Factories)
            return new QemuFeatures(Factories.ToDictionary(f => f.Contract, f => f.Factory(ctx)));
    }
}

/// <summary>A driver's feature instances by contract type.</summary>
internal sealed class QemuFeatures(IReadOnlyDictionary<Type, object> byContract)
{
    public T? Get<T>() where T : class => byContract.TryGetValue(typeof(T), out var f) ? (T)f : null;
}
