using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>dump: the guest's memory to a file for a debugger, with virsh 9.0's options, checks and words.</summary>
public sealed class CoreDumpCommands : ICommandGroup
{
    /// <summary>virsh's --format names, indexed by libvirt's virDomainCoreDumpFormat ("elf" is the raw format).</summary>
    private static readonly string[] Formats = ["elf", "kdump-zlib", "kdump-lzo", "kdump-snappy", "win-dmp"];

    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var file = new NamedArg("file", "where to dump the core");
        var live = Opt.Flag("--live", "perform a live core dump if supported");
        var crash = Opt.Flag("--crash", "crash the domain after core dump");
        var bypassCache = Opt.Flag("--bypass-cache", "avoid file system cache when dumping");
        var reset = Opt.Flag("--reset", "reset the domain after core dump");
        var verbose = Opt.Flag("--verbose", "display the progress of dump");
        var memoryOnly = Opt.Flag("--memory-only", "dump domain's memory only");
        var format = Opt.Text("--format", "specify the format of memory-only dump");
        set.Add("dump", "dump the core of a domain to a file for analysis", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var path = ctx.RequiredNotEmpty(file);
            var flags = CoreDumpFlags.None;
            if (ctx.Has(live)) flags |= CoreDumpFlags.Live;
            if (ctx.Has(crash)) flags |= CoreDumpFlags.Crash;
            if (ctx.Has(bypassCache)) flags |= CoreDumpFlags.BypassCache;
            if (ctx.Has(reset)) flags |= CoreDumpFlags.Reset;
            if (ctx.Has(memoryOnly)) flags |= CoreDumpFlags.MemoryOnly;
            var dumpFormat = Format(ctx.Get(format), flags);
            // virsh sends the original call for the raw format (the daemon's errors then name virDomainCoreDump).
            await CliError.Wrap($"Failed to core dump domain '{dom.Name}' to {path}", () => dumpFormat == CoreDumpFormat.Raw
                ? dom.CoreDumpAsync(path, flags, ctx.Ct)
                : dom.CoreDumpWithFormatAsync(path, dumpFormat, flags, ctx.Ct));
            ctx.PrintExtra($"\nDomain '{dom.Name}' dumped to {path}\n");
        }, domain, file, live, crash, bypassCache, reset, verbose, memoryOnly, format);
    }

    /// <summary>--format: only with --memory-only; given empty, the raw format (virsh reads it without requiring a value).</summary>
    internal static CoreDumpFormat Format(string? text, CoreDumpFlags flags)
    {
        if (text is null) return CoreDumpFormat.Raw;
        if (!flags.HasFlag(CoreDumpFlags.MemoryOnly)) throw new CliError("--format only works with --memory-only");
        if (text.Length == 0) return CoreDumpFormat.Raw;
        var index = Array.IndexOf(Formats, text);
        return index >= 0
            ? (CoreDumpFormat)index
            : throw new CliError($"format '{text}' is not supported, expecting 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', 'win-dmp' or 'elf'");
    }
}
