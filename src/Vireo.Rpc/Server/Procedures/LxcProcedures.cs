using Microsoft.Win32.SafeHandles;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's LXC program (<see cref="LxcProtocol"/>), served on every connection as libvirtd does:
/// DOMAIN_OPEN_NAMESPACE hands the client descriptors of the container's namespaces
/// (<see cref="IDomainNamespaces.OpenNamespaces"/>); virsh's lxc-enter-namespace setns()es into them
/// itself. A driver without containers answers "not supported".
/// </summary>
public static class LxcProcedures
{
    /// <summary>Decodes the call and opens the descriptors; the connection sends them with the reply and closes its copies.</summary>
    internal static IReadOnlyList<SafeFileHandle> OpenNamespace(CallContext c, ReadOnlySpan<byte> payload)
    {
        var r = new XdrReader(payload);
        var args = DomainFlagsArgs.Decode(ref r);
        var namespaces = c.Feature<IDomainNamespaces>(LxcProtocol.OpenNamespaceApi);
        c.CheckFlags(args.Flags, 0, LxcProtocol.OpenNamespaceApi);
        var fds = namespaces.OpenNamespaces(args.Dom.Uuid);
        if (fds.Count > LxcProtocol.MaxFds)
        {
            foreach (var fd in fds) fd.Dispose();
            throw VirErrors.Internal($"container '{args.Dom.Name}' has {fds.Count} namespaces, more than one message may pass ({LxcProtocol.MaxFds})", VirErrorDomain.Rpc);
        }
        return fds;
    }
}
