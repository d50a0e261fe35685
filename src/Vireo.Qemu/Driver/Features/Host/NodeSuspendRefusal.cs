using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// nodesuspend. vireod never suspends the machine it runs on (its capabilities say so with an empty
/// &lt;power_management/&gt;), so every target is answered as libvirtd 9.0 answers on a host whose probe found
/// no suspend support: the flag check, then the target's name as VIR_ERR_ARGUMENT_UNSUPPORTED.
/// </summary>
internal sealed class NodeSuspendRefusal : INodeSuspend
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<INodeSuspend>(_ => new NodeSuspendRefusal());

    public void SuspendForDuration(uint target, ulong durationSeconds, uint flags)
    {
        HostCallErrors.CheckFlags(flags, 0, "virNodeSuspend", VirErrorDomain.None);
        var name = target switch
        {
            0 => "Suspend-to-RAM",
            1 => "Suspend-to-Disk",
            2 => "Hybrid-Suspend",
            _ => throw VirErrors.InvalidArg("Invalid suspend target", VirErrorDomain.None),
        };
        throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.None, name);
    }
}
