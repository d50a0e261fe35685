using System.Collections.Concurrent;
using Vireo.Core.Errors;

namespace Vireo.Web.Api;

/// <summary>
/// What the network and pool objects share: built from the driver's reads, listed by name, and the last one
/// seen per UUID kept, so an event about an object that is gone (undefined, or transient and stopped) can still
/// carry it as it last was.
/// </summary>
public abstract class SharedObjectViews<TRef, TView>(VirErrorCode notFound) where TView : class
{
    private readonly ConcurrentDictionary<Guid, TView> _last = new();

    protected abstract Guid UuidOf(TRef r);
    protected abstract string NameOf(TRef r);
    protected abstract IEnumerable<TRef> All();
    /// <summary>The object by UUID as the driver knows it now (its not-found error when it is gone).</summary>
    protected abstract TRef Current(TRef r);
    protected abstract TView Describe(TRef r);
    /// <summary>How a gone object is shown: the last view seen (or null) made inactive.</summary>
    protected abstract TView Inactive(TRef r, TView? last);

    /// <summary>Every object, active or not, sorted by name; one that vanishes meanwhile is left out.</summary>
    public IReadOnlyList<TView> List()
    {
        var list = new List<TView>();
        foreach (var r in All().OrderBy(NameOf, StringComparer.Ordinal))
            if (TryBuild(r) is { } view) list.Add(view);
        return list;
    }

    /// <summary>The object as it is now (and remembered).</summary>
    public TView Build(TRef r)
    {
        var view = Describe(r);
        _last[UuidOf(r)] = view;
        return view;
    }

    /// <summary>The object an event or action is about, as it is now, or as last seen (inactive) when it is gone.</summary>
    public TView After(TRef r)
    {
        if (TryBuild(r) is { } view) return view;
        return Inactive(r, _last.TryRemove(UuidOf(r), out var seen) ? seen : default);
    }

    private TView? TryBuild(TRef r)
    {
        try
        {
            return Build(Current(r));
        }
        catch (VirException e) when (e.Code == notFound)
        {
            return default;
        }
    }
}
