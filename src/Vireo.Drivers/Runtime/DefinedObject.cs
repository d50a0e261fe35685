using Vireo.Core.State;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// The runtime state libvirt keeps for every object it defines by XML and starts and stops as a whole (a
/// network, a storage pool). Fields change only under the owning <see cref="DefinedObjects{TObj,TDef}"/>'
/// write gate and are read under its lock.
/// </summary>
internal abstract class DefinedObject<TDef>(TDef def, bool persistent) where TDef : class, INamedDefinition
{
    /// <summary>The definition in force (the live one while active).</summary>
    public TDef Def { get; set; } = def;

    /// <summary>A definition saved while the object was active: it takes over when the object stops.</summary>
    public TDef? NextDef { get; set; }

    public bool Persistent { get; set; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }

    public string Name => Def.Name;
    public Guid Uuid => Def.Uuid;

    /// <summary>The config a stop leaves behind: the pending definition if there is one.</summary>
    public void ApplyNextDef()
    {
        if (NextDef is { } next) Def = next;
        NextDef = null;
    }

    /// <summary>
    /// libvirt's define over an existing object: a running one keeps its live definition and takes the new one
    /// when it stops; a stopped one takes it now (<see cref="OnRedefined"/> lets a kind forget what it showed).
    /// Either way the object is persistent from now on.
    /// </summary>
    public void Redefine(TDef def)
    {
        if (Active) NextDef = def;
        else
        {
            Def = def;
            OnRedefined();
        }
        Persistent = true;
    }

    protected virtual void OnRedefined() { }
}
