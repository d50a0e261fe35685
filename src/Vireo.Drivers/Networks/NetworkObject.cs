using Vireo.Core.Networks;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Networks;

/// <summary>One network's runtime state (see <see cref="DefinedObject{TDef}"/>).</summary>
internal sealed class NetworkObject(NetworkDef def, bool persistent) : DefinedObject<NetworkDef>(def, persistent)
{
    public NetworkRef Ref => new(Def.Name, Def.Uuid);
}
