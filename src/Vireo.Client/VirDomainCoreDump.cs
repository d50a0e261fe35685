using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// Core dumps (virDomainCoreDump, virDomainCoreDumpWithFormat): the guest's memory written by the daemon to a
/// file on its host. The path is made absolute here, as libvirt's client library does; the call returns when
/// the file is complete.
/// </summary>
public static class VirDomainCoreDump
{
    /// <summary>
    /// DOMAIN_CORE_DUMP: with <see cref="CoreDumpFlags.MemoryOnly"/> an ELF core of the guest's memory, otherwise
    /// QEMU's migration stream of the whole guest. Live, Crash and Reset say what happens to the guest around it.
    /// </summary>
    public static Task CoreDumpAsync(this VirDomain d, string path, CoreDumpFlags flags = CoreDumpFlags.None, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainCoreDump, new DomainStringFlagsArgs(d.Ref, Path.GetFullPath(path), (uint)flags), ct);

    /// <summary>DOMAIN_CORE_DUMP_WITH_FORMAT: a memory-only dump in another format (crash's kdump, compressed; Windows' dmp).</summary>
    public static Task CoreDumpWithFormatAsync(this VirDomain d, string path, CoreDumpFormat format, CoreDumpFlags flags = CoreDumpFlags.MemoryOnly, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainCoreDumpWithFormat,
            new DomainCoreDumpWithFormatArgs(d.Ref, Path.GetFullPath(path), (uint)format, (uint)flags), ct);
}
