using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// Block jobs and disk sizes (virsh blockcommit, blockpull, blockcopy, blockjob, domblkinfo) over the driver's
/// <see cref="IDomainBlockJobs"/>. Starting, pivoting and aborting jobs are writes; job info and block
/// info are reads (they ask QEMU or the image, so they run asynchronously but never take a domain job).
/// </summary>
public static class BlockProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainBlockCommit, static async (CallContext c, DomainBlockCommitArgs a) =>
        {
            await Jobs(c, "virDomainBlockCommit").CommitAsync(a.Dom.Uuid, a.Disk, a.Base, a.Top, a.Bandwidth, (BlockCommitFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockCommit"));
        d.Register(RemoteProcedure.DomainBlockResize, static async (CallContext c, DomainBlockResizeArgs a) =>
        {
            await Jobs(c, "virDomainBlockResize").ResizeAsync(a.Dom.Uuid, a.Disk, a.Size, (BlockResizeFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockResize"));
        d.Register(RemoteProcedure.DomainBlockPull, static async (CallContext c, DomainBlockPullArgs a) =>
        {
            // virDomainBlockPullFlags has one bit, BANDWIDTH_BYTES, at the same place as in the rebase flags.
            c.CheckFlags(a.Flags, (uint)BlockPullFlags.BandwidthBytes, "virDomainBlockPull");
            await Jobs(c, "virDomainBlockPull").PullAsync(a.Dom.Uuid, a.Path, null, a.Bandwidth, (BlockPullFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockPull"));
        d.Register(RemoteProcedure.DomainBlockRebase, static async (CallContext c, DomainBlockRebaseArgs a) =>
        {
            await Jobs(c, "virDomainBlockRebase").PullAsync(a.Dom.Uuid, a.Path, a.Base, a.Bandwidth, (BlockPullFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockRebase"));
        d.Register(RemoteProcedure.DomainBlockCopy, static async (CallContext c, DomainBlockCopyArgs a) =>
        {
            var destination = BlockCopyDestinationXml.Parse(a.DestXml);
            await Jobs(c, "virDomainBlockCopy").CopyAsync(a.Dom.Uuid, a.Path, destination, BlockCopyParams.Read(a.Params), (BlockCopyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockCopy"));
        d.Register(RemoteProcedure.DomainGetBlockJobInfo, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            var info = await Jobs(c, "virDomainGetBlockJobInfo").GetJobInfoAsync(a.Dom.Uuid, a.Text, (BlockJobInfoFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return info is null ? new DomainBlockJobInfoRet(0, 0, 0, 0, 0) : new DomainBlockJobInfoRet(1, (int)info.Type, info.Bandwidth, info.Cur, info.End);
        });
        d.Register(RemoteProcedure.DomainBlockJobAbort, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            await Jobs(c, "virDomainBlockJobAbort").AbortJobAsync(a.Dom.Uuid, a.Text, (BlockJobAbortFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockJobAbort"));
        d.Register(RemoteProcedure.DomainBlockJobSetSpeed, static async (CallContext c, DomainBlockPullArgs a) =>
        {
            await Jobs(c, "virDomainBlockJobSetSpeed").SetJobSpeedAsync(a.Dom.Uuid, a.Path, a.Bandwidth, (BlockJobInfoFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBlockJobSetSpeed"));
        d.Register(RemoteProcedure.DomainGetBlockInfo, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainGetBlockInfo");
            var info = await Jobs(c, "virDomainGetBlockInfo").GetBlockInfoAsync(a.Dom.Uuid, a.Text, c.Cancellation).ConfigureAwait(false);
            return new DomainBlockInfoRet(info.Allocation, info.Capacity, info.Physical);
        });
    }

    private static IDomainBlockJobs Jobs(CallContext c, string api) => c.Feature<IDomainBlockJobs>(api);
}
