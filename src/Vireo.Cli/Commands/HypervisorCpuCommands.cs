using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;

namespace Vireo.Cli.Commands;

/// <summary>
/// hypervisor-cpu-compare and hypervisor-cpu-baseline (virsh-host.c), over virConnectCompareHypervisorCPU and
/// virConnectBaselineHypervisorCPU: the files are read as cpu-compare and cpu-baseline read them.
/// </summary>
public sealed class HypervisorCpuCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Host and Hypervisor";
        var virtType = Opt.Text("--virttype", "virtualization type (/domain/@type)");
        var emulator = Opt.Text("--emulator", "path to emulator binary (/domain/devices/emulator)");
        var arch = Opt.Text("--arch", "CPU architecture (/domain/os/type/@arch)");
        var machine = Opt.Text("--machine", "machine type (/domain/os/type/@machine)");
        Task<T> Call<T>(CommandContext ctx, Func<VirConnection, string?, string?, string?, string?, Task<T>> call, VirConnection conn) =>
            call(conn, ctx.Get(emulator), ctx.Get(arch), ctx.Get(machine), ctx.Get(virtType));

        var compareFile = new NamedArg("file", "file containing an XML CPU description");
        var error = Opt.Flag("--error", "report error if CPUs are incompatible");
        var validate = Opt.Flag("--validate", "validate the XML document against schema");
        set.Add("hypervisor-cpu-compare", "compare a CPU with the CPU created by a hypervisor on the host", async ctx =>
        {
            var path = ctx.Required(compareFile);
            var cpus = HostCpuCommands.Extract(path);
            var conn = await ctx.ConnectAsync();
            uint flags = (ctx.Has(error) ? 1u : 0) | (ctx.Has(validate) ? 2u : 0);
            var result = await CliError.Wrap($"Failed to compare hypervisor CPU with {path}", () =>
                Call(ctx, (c, e, a, m, v) => c.CompareHypervisorCpuAsync(cpus[0], e, a, m, v, flags, ctx.Ct), conn));
            switch (result)
            {
                case 1: ctx.Out.Write($"CPU described in {path} is identical to the CPU provided by hypervisor on the host\n"); break;
                case 2: ctx.Out.Write($"The CPU provided by hypervisor on the host is a superset of CPU described in {path}\n"); break;
                case 0:
                    ctx.Out.Write($"CPU described in {path} is incompatible with the CPU provided by hypervisor on the host\n");
                    throw new CommandFailedQuietly();
                default: throw new CliError($"Failed to compare hypervisor CPU with {path}");
            }
        }, compareFile, virtType, emulator, arch, machine, error, validate);

        var baselineFile = new NamedArg("file", "file containing XML CPU descriptions", required: false);
        var features = Opt.Flag("--features", "Show features that are part of the CPU model type");
        var migratable = Opt.Flag("--migratable", "Do not include features that block migration");
        var model = Opt.Text("--model", "Shortcut for calling the command with a single CPU model and no additional features");
        set.Add("hypervisor-cpu-baseline", "compute baseline CPU usable by a specific hypervisor", async ctx =>
        {
            var path = ctx.Optional(baselineFile);
            var name = ctx.Get(model);
            if (path is not null && name is not null) throw new CliError("Options --file and --model are mutually exclusive");
            if (name is { Length: 0 }) throw new CliError("Failed to get option 'model': Option argument is empty");
            // virsh writes the model into the XML as it is, so a name with markup is refused by the parser
            var cpus = name is not null ? [$"<cpu><model>{name}</model></cpu>"]
                : HostCpuCommands.Extract(path ?? throw new CliError("Either --file or --model must be provided"));
            var conn = await ctx.ConnectAsync();
            uint flags = (ctx.Has(features) ? 1u : 0) | (ctx.Has(migratable) ? 2u : 0);
            try
            {
                ctx.Out.Write(await Call(ctx, (c, e, a, m, v) => c.BaselineHypervisorCpuAsync(cpus, e, a, m, v, flags, ctx.Ct), conn));
            }
            catch (VirException e)
            {
                throw new CliError(e.Message); // virsh adds no sentence of its own here
            }
        }, baselineFile, virtType, emulator, arch, machine, features, migratable, model);
    }
}
