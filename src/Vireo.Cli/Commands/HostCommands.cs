using System.Xml.Linq;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;

namespace Vireo.Cli.Commands;

/// <summary>Host and hypervisor commands: capabilities, domcapabilities, nodeinfo, version, hostname, uri, sysinfo, node stats.</summary>
public sealed class HostCommands : ICommandGroup
{
    /// <summary>The libvirt API level vireo's protocol implements (the procedures and structs of 9.0.0).</summary>
    public const ulong ApiVersion = 9_000_000;

    public void Register(CommandSet set)
    {
        set.Group = "Host and Hypervisor";

        set.Add("capabilities", "capabilities", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var caps = await CliError.Wrap("failed to get capabilities", () => conn.GetCapabilitiesAsync(ctx.Ct));
            ctx.Out.Write(caps + "\n");
        });

        var virttype = Opt.Text("--virttype", "virtualization type (/domain/@type)");
        var emulator = Opt.Text("--emulatorbin", "path to emulator binary (/domain/devices/emulator)");
        var arch = Opt.Text("--arch", "domain architecture (/domain/os/type/@arch)");
        var machine = Opt.Text("--machine", "machine type (/domain/os/type/@machine)");
        set.Add("domcapabilities", "domain capabilities", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var caps = await CliError.Wrap("failed to get emulator capabilities",
                () => conn.GetDomainCapabilitiesAsync(ctx.Get(emulator), ctx.Get(arch), ctx.Get(machine), ctx.Get(virttype), ctx.Ct));
            ctx.Out.Write(caps + "\n");
        }, virttype, emulator, arch, machine);

        set.Add("nodeinfo", "node information", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var info = await CliError.Wrap("failed to get node information", () => conn.GetNodeInfoAsync(ctx.Ct));
            ctx.Out.Write(HostFormat.NodeInfo(info));
        });

        var daemon = Opt.Flag("--daemon", "report daemon version too");
        set.Add("version", "show version", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var type = await CliError.Wrap("failed to get hypervisor type", () => conn.GetTypeAsync(ctx.Ct));
            var hv = await CliError.Wrap("failed to get the hypervisor version", () => conn.GetVersionAsync(ctx.Ct));
            ulong? lib = ctx.Has(daemon) ? await CliError.Wrap("failed to get the daemon version", () => conn.GetLibVersionAsync(ctx.Ct)) : null;
            ctx.Out.Write(HostFormat.VersionReport(ApiVersion, type, hv, lib));
        }, daemon);

        set.Add("hostname", "print the hypervisor hostname", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var name = await CliError.Wrap("failed to get hostname", () => conn.GetHostnameAsync(ctx.Ct));
            ctx.Out.Write(name + "\n");
        });

        set.Add("uri", "print the hypervisor canonical URI", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            // With an explicit URI virsh prints it as given (socket= and all); otherwise the daemon's answer.
            ctx.Out.Write((ctx.Session.RequestedUri ?? conn.Uri) + "\n");
        });

        set.Add("sysinfo", "print the hypervisor sysinfo", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var xml = await CliError.Wrap("failed to get sysinfo", () => conn.GetSysinfoAsync(ctx.Ct));
            ctx.Out.Write(xml);
        });

        var cell = Opt.Int("--cell", "prints specified cell statistics only.");
        set.Add("nodememstats", "Prints memory stats of the node.", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var stats = await CliError.Wrap("Unable to get memory stats", () => conn.GetNodeMemoryStatsAsync(ctx.Int(cell) ?? -1, ctx.Ct));
            ctx.Out.Write(HostFormat.MemoryStats(stats));
        }, cell);

        var cpu = Opt.Int("--cpu", "prints specified cpu statistics only.");
        var percent = Opt.Flag("--percent", "prints by percentage during 1 second.");
        set.Add("nodecpustats", "Prints cpu stats of the node.", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var which = ctx.Int(cpu) ?? -1;
            var first = await CliError.Wrap("Unable to get node cpu stats", () => conn.GetNodeCpuStatsAsync(which, ctx.Ct));
            if (!ctx.Has(percent))
            {
                ctx.Out.Write(HostFormat.CpuStats(first));
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ctx.Ct); // the measuring interval itself, as virsh samples
            var second = await CliError.Wrap("Unable to get node cpu stats", () => conn.GetNodeCpuStatsAsync(which, ctx.Ct));
            ctx.Out.Write(HostFormat.CpuPercent(first, second));
        }, cpu, percent);

        var cellno = Opt.Int("--cellno", "NUMA cell number");
        var all = Opt.Flag("--all", "show free memory for all NUMA cells");
        set.Add("freecell", "NUMA free memory", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            if (ctx.Int(cellno) is { } c && ctx.Has(all)) throw new CliError("Options --cellno and --all are mutually exclusive");
            if (ctx.Int(cellno) is { } one)
            {
                var free = await CliError.Wrap("failed to get free memory", () => conn.GetCellsFreeMemoryAsync(one, 1, ctx.Ct));
                ctx.Out.Write(HostFormat.FreeCell(one, free.Count > 0 ? free[0] : 0));
            }
            else if (ctx.Has(all))
            {
                // virsh learns the cell ids from the capabilities' NUMA topology.
                var caps = await CliError.Wrap("failed to get capabilities", () => conn.GetCapabilitiesAsync(ctx.Ct));
                var ids = XDocument.Parse(caps).Root?.Element("host")?.Element("topology")?.Element("cells")?.Elements("cell")
                    .Select(e => int.Parse(e.Attribute("id")?.Value ?? "0", System.Globalization.CultureInfo.InvariantCulture)).ToArray() ?? [];
                if (ids.Length == 0) throw new CliError("could not get information about NUMA topology");
                var cells = new List<(int, ulong)>();
                foreach (var id in ids)
                {
                    var free = await CliError.Wrap("failed to get free memory for NUMA nodes", () => conn.GetCellsFreeMemoryAsync(id, 1, ctx.Ct));
                    cells.Add((id, free.Count > 0 ? free[0] : 0));
                }
                ctx.Out.Write(HostFormat.FreeCells(cells));
            }
            else
            {
                var free = await CliError.Wrap("failed to get free memory", () => conn.GetFreeMemoryAsync(ctx.Ct));
                ctx.Out.Write(HostFormat.FreeTotal(free));
            }
        }, cellno, all);

        var pretty = Opt.Flag("--pretty", "return human readable output");
        set.Add("nodecpumap", "node cpu map", async ctx =>
        {
            var conn = await ctx.ConnectAsync();
            var (map, online) = await CliError.Wrap("Unable to get cpu map", () => conn.GetCpuMapAsync(ctx.Ct));
            ctx.Out.Write(HostFormat.CpuMap(map, online, ctx.Has(pretty)));
        }, pretty);
    }
}
