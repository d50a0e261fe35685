using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Core.Errors;

namespace Vireo.Cli.Commands;

/// <summary>cpu-compare and cpu-baseline (virsh-host.c), over virConnectCompareCPU and virConnectBaselineCPU.</summary>
public sealed class HostCpuCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Host and Hypervisor";
        var compareFile = new NamedArg("file", "file containing an XML CPU description");
        var error = Opt.Flag("--error", "report error if CPUs are incompatible");
        var validate = Opt.Flag("--validate", "validate the XML document against schema");
        set.Add("cpu-compare", "compare host CPU with a CPU described by an XML file", async ctx =>
        {
            var path = ctx.Required(compareFile);
            var cpus = Extract(path);
            var conn = await ctx.ConnectAsync();
            uint flags = (ctx.Has(error) ? 1u : 0) | (ctx.Has(validate) ? 2u : 0);
            var result = await CliError.Wrap($"Failed to compare host CPU with {path}", () => conn.CompareCpuAsync(cpus[0], flags, ctx.Ct));
            switch (result)
            {
                case 1: ctx.Out.Write($"CPU described in {path} is identical to host CPU\n"); break;
                case 2: ctx.Out.Write($"Host CPU is a superset of CPU described in {path}\n"); break;
                case 0:
                    ctx.Out.Write($"CPU described in {path} is incompatible with host CPU\n");
                    throw new CommandFailedQuietly();
                default: throw new CliError($"Failed to compare host CPU with {path}");
            }
        }, compareFile, error, validate);

        var baselineFile = new NamedArg("file", "file containing XML CPU descriptions");
        var features = Opt.Flag("--features", "Show features that are part of the CPU model type");
        var migratable = Opt.Flag("--migratable", "Do not include features that block migration");
        set.Add("cpu-baseline", "compute baseline CPU", async ctx =>
        {
            var cpus = Extract(ctx.Required(baselineFile));
            var conn = await ctx.ConnectAsync();
            uint flags = (ctx.Has(features) ? 1u : 0) | (ctx.Has(migratable) ? 2u : 0);
            try
            {
                ctx.Out.Write(await conn.BaselineCpuAsync(cpus, flags, ctx.Ct));
            }
            catch (VirException e)
            {
                throw new CliError(e.Message); // virsh adds no sentence of its own here
            }
        }, baselineFile, features, migratable);
    }

    /// <summary>The &lt;cpu&gt;s of a file as virsh picks them out, or virsh's refusal.</summary>
    internal static IReadOnlyList<string> Extract(string path)
    {
        var text = DomainDefinitionCommands.ReadFile(path);
        try
        {
            return CpuXmlExtract.Extract(text, path);
        }
        catch (FormatException e)
        {
            throw new CliError(e.Message);
        }
    }
}
