using System.Globalization;
using System.Xml.Linq;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>
/// blockcopy and blockjob as virsh 9.0 words them: a copy starts ("Block Copy started"), or with --wait, --pivot or
/// --finish waits until it mirrors (the live XML's &lt;mirror ready='yes'&gt;) and then pivots or finishes it. Always
/// the new API (virDomainBlockCopy); virsh falls back to virDomainBlockRebase for plain copies, which does the same.
/// </summary>
public sealed class BlockCopyCommands : ICommandGroup
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var path = new NamedArg("path", "fully-qualified path of source disk");
        var dest = new NamedArg("dest", "path of the copy to create", required: false);
        var xml = Opt.Text("--xml", "filename containing XML description of the copy destination");
        var format = Opt.Text("--format", "format of the destination file");
        var bandwidth = Opt.Int("--bandwidth", "bandwidth limit in MiB/s");
        var granularity = Opt.Int("--granularity", "the granularity, in bytes, of the copy dirty bitmap");
        var bufSize = Opt.Int("--buf-size", "maximum amount of in-flight data during the copy");
        var shallow = Opt.Flag("--shallow", "make the copy share a backing chain");
        var reuse = Opt.Flag("--reuse-external", "reuse existing destination");
        var blockdev = Opt.Flag("--blockdev", "copy destination is block device instead of regular file");
        var transient = Opt.Flag("--transient-job", "the copy job is not persisted if VM is turned off");
        var syncWrites = Opt.Flag("--synchronous-writes", "the copy job forces guest writes to be synchronously written to the destination");
        var wait = Opt.Flag("--wait", "wait for job to reach mirroring phase");
        var pivot = Opt.Flag("--pivot", "pivot when mirroring starts");
        var finish = Opt.Flag("--finish", "finish job when mirroring starts");
        set.Add("blockcopy", "Start a block copy operation.", async ctx =>
        {
            ctx.Exclusive(pivot, finish);
            var destination = ctx.Optional(dest);
            var xmlFile = ctx.Get(xml);
            if (destination is null == xmlFile is null) throw new CliError("need either --dest or --xml");
            var flags = (ctx.Has(shallow) ? BlockCopyFlags.Shallow : 0) | (ctx.Has(reuse) ? BlockCopyFlags.ReuseExternal : 0)
                | (ctx.Has(transient) ? BlockCopyFlags.TransientJob : 0) | (ctx.Has(syncWrites) ? BlockCopyFlags.SynchronousWrites : 0);
            var tuning = new BlockCopyTuning((ulong)(ctx.Int(bandwidth) ?? 0) << 20, (uint)(ctx.Int(granularity) ?? 0), (ulong)(ctx.Int(bufSize) ?? 0));
            var destXml = xmlFile is not null ? await File.ReadAllTextAsync(xmlFile, ctx.Ct) : VirDomainBlockJobs.DestinationXml(destination!, ctx.Get(format), ctx.Has(blockdev));
            var dom = await ctx.DomainAsync(domain);
            var disk = ctx.Required(path);
            await dom.BlockCopyAsync(disk, destXml, tuning, flags, ctx.Ct);
            if (!ctx.Has(wait) && !ctx.Has(pivot) && !ctx.Has(finish))
            {
                ctx.PrintExtra("Block Copy started\n");
                return;
            }
            if (!await MirroringAsync(dom, disk, ctx.Ct))
                throw new CliError("Copy failed");
            if (ctx.Has(pivot))
            {
                await CliError.Wrap($"failed to pivot job for disk {disk}", () => dom.BlockJobAbortAsync(disk, BlockJobAbortFlags.Pivot, ctx.Ct));
                ctx.PrintExtra("\nSuccessfully pivoted\n");
            }
            else if (ctx.Has(finish))
            {
                await CliError.Wrap($"failed to finish job for disk {disk}", () => dom.BlockJobAbortAsync(disk, BlockJobAbortFlags.None, ctx.Ct));
                ctx.PrintExtra("\nSuccessfully copied\n");
            }
            else
                ctx.PrintExtra("\nNow in mirroring phase\n");
        }, [domain, path, dest, xml, format, bandwidth, granularity, bufSize, shallow, reuse, blockdev, transient, syncWrites, wait, pivot, finish]);

        var info = Opt.Flag("--info", "get active job information for the specified disk");
        var abort = Opt.Flag("--abort", "abort the active job on the specified disk");
        var jobPivot = Opt.Flag("--pivot", "implies --abort; conclude and pivot a copy or commit job");
        var jobPath = new NamedArg("path", "fully-qualified path of disk");
        set.Add("blockjob", "Manage active block operations", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var disk = ctx.Required(jobPath);
            if (ctx.Has(abort) || ctx.Has(jobPivot))
            {
                await dom.BlockJobAbortAsync(disk, ctx.Has(jobPivot) ? BlockJobAbortFlags.Pivot : BlockJobAbortFlags.None, ctx.Ct);
                return;
            }
            var job = await dom.GetBlockJobInfoAsync(disk, BlockJobInfoFlags.BandwidthBytes, ctx.Ct);
            ctx.Out.Write(job is null
                ? $"No current block job for {disk}\n"
                : string.Create(CultureInfo.InvariantCulture, $"{Describe(job.Type)}: [{(job.End == 0 ? 100 : job.Cur * 100 / job.End)} %]  bandwidth {job.Bandwidth} bytes/s\n"));
        }, [domain, jobPath, info, abort, jobPivot]);
    }

    /// <summary>Waits until the disk's &lt;mirror&gt; says ready='yes' (true) or the job is gone without it (false).</summary>
    private static async Task<bool> MirroringAsync(VirDomain dom, string disk, CancellationToken ct)
    {
        while (true)
        {
            var live = XDocument.Parse(await dom.GetXmlDescAsync(ct: ct));
            var target = live.Descendants("disk").FirstOrDefault(d =>
                (string?)d.Element("target")?.Attribute("dev") == disk || (string?)d.Element("source")?.Attribute("file") == disk || (string?)d.Element("source")?.Attribute("dev") == disk);
            var mirror = target?.Element("mirror");
            if ((string?)mirror?.Attribute("ready") == "yes") return true;
            if (mirror is null) return false;
            await Task.Delay(Poll, ct);
        }
    }

    private static string Describe(BlockJobType t) => t switch
    {
        BlockJobType.Pull => "Block Pull",
        BlockJobType.Copy => "Block Copy",
        BlockJobType.Commit => "Block Commit",
        BlockJobType.ActiveCommit => "Active Block Commit",
        _ => "Unknown job",
    };
}
