using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// Block jobs of a running domain's disk: starting a copy (virDomainBlockCopy: the destination as &lt;disk&gt; XML and
/// bandwidth/granularity/buf-size parameters), reading a job's progress, and ending it (virDomainBlockJobAbort: a
/// pivot switches the disk to the copy, a plain abort keeps the original).
/// </summary>
public static class VirDomainBlockJobs
{
    /// <summary>Starts mirroring <paramref name="disk"/> into the destination; the job is ready for a pivot once it mirrors.</summary>
    public static Task BlockCopyAsync(this VirDomain d, string disk, string destinationXml, BlockCopyTuning? tuning = null,
        BlockCopyFlags flags = BlockCopyFlags.None, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainBlockCopy,
            new DomainBlockCopyArgs(d.Ref, disk, destinationXml, BlockCopyParams.Write(tuning ?? BlockCopyTuning.Default), (uint)flags), ct);

    /// <summary>The &lt;disk&gt; XML virsh writes for a destination path (a file, or a block device).</summary>
    public static string DestinationXml(string path, string? format = null, bool blockDevice = false)
    {
        var source = new System.Xml.Linq.XElement("source", new System.Xml.Linq.XAttribute(blockDevice ? "dev" : "file", path));
        var disk = new System.Xml.Linq.XElement("disk", new System.Xml.Linq.XAttribute("type", blockDevice ? "block" : "file"), source);
        if (format is not null) disk.Add(new System.Xml.Linq.XElement("driver", new System.Xml.Linq.XAttribute("type", format)));
        return disk.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
    }

    /// <summary>The disk's job (bandwidth in bytes/s with <see cref="BlockJobInfoFlags.BandwidthBytes"/>), or null when it has none.</summary>
    public static async Task<BlockJobInfo?> GetBlockJobInfoAsync(this VirDomain d, string disk, BlockJobInfoFlags flags = BlockJobInfoFlags.None, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainStringFlagsArgs, DomainBlockJobInfoRet>(RemoteProcedure.DomainGetBlockJobInfo,
            new DomainStringFlagsArgs(d.Ref, disk, (uint)flags), ct).ConfigureAwait(false);
        return r.Found == 0 ? null : new BlockJobInfo((BlockJobType)r.Type, r.Bandwidth, r.Cur, r.End);
    }

    /// <summary>Ends the disk's job: with <see cref="BlockJobAbortFlags.Pivot"/> the disk switches to the copy.</summary>
    public static Task BlockJobAbortAsync(this VirDomain d, string disk, BlockJobAbortFlags flags = BlockJobAbortFlags.None, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainBlockJobAbort, new DomainStringFlagsArgs(d.Ref, disk, (uint)flags), ct);
}
