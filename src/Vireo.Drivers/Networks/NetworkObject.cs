using Vireo.Core.Networks;

namespace Vireo.Drivers.Networks;

/// <summary>One network's runtime state; fields change only under the driver's write gate and are read under its lock.</summary>
internal sealed class NetworkObject(NetworkDef def, bool persistent)
{
    /// <summary>The definition in force (the live one while active).</summary>
    public NetworkDef Def { get; set; } = def;

    /// <summary>A definition saved while the network was active: it takes over when the network stops.</summary>
    public NetworkDef? NextDef { get; set; }

    public bool Persistent { get; set; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }

    public NetworkRef Ref => new(Def.Name, Def.Uuid);

    public void ApplyNextDef()
    {
        if (NextDef is { } next) Def = next;
        NextDef = null;
    }
}
