using Vireo.Cli.Infrastructure;
using Vireo.Cli.Terminal;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>`console`: attach the terminal (or piped stdin/stdout) to a domain's text console.</summary>
public sealed class ConsoleCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var devname = Opt.Text("--devname", "character device name");
        var force = Opt.Flag("--force", "force console connection (disconnect already connected sessions)");
        var safe = Opt.Flag("--safe", "only connect if safe console handling is supported");
        set.Add("console", "connect to the guest console", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var flags = ConsoleFlags.None;
            if (ctx.Has(force)) flags |= ConsoleFlags.Force;
            if (ctx.Has(safe)) flags |= ConsoleFlags.Safe;
            await AttachAsync(ctx, dom, ctx.Get(devname), flags);
        }, domain, devname, force, safe);
    }

    /// <summary>
    /// virsh's cmdRunConsole: refuse a shut-off domain, print the banner, open the console (asking vireod to replay
    /// what the guest printed before; libvirtd does not know that flag and is asked again without it), then pump.
    /// </summary>
    internal static async Task AttachAsync(CommandContext ctx, VirDomain dom, string? devName, ConsoleFlags flags)
    {
        var state = await CliError.Wrap("Unable to get domain status", () => dom.GetStateAsync(ctx.Ct));
        if (state.State == DomainState.Shutoff) throw new CliError("The domain is not running");

        var escape = ctx.Session.Options.EscapeChar;
        ctx.PrintExtra($"Connected to domain '{dom.Name}'\n");
        ctx.PrintExtra($"Escape character is {EscapeText(escape)}\n");

        VirConsoleStream stream;
        try
        {
            stream = await dom.OpenConsoleAsync(devName, flags | ConsoleFlags.ReplayHistory, ctx.Ct);
        }
        catch (VirException e) when (e.Code == VirErrorCode.InvalidArg)
        {
            stream = await dom.OpenConsoleAsync(devName, flags, ctx.Ct);
        }
        await using (stream)
        {
            var io = ctx.Session.Io;
            await ConsoleAttachment.RunAsync(stream, io.Input, io.InputIsTerminal, io.OutputStream, escape, ctx.Ct);
        }
    }

    /// <summary>"^] (Ctrl + ])" for a control character, the character itself otherwise.</summary>
    internal static string EscapeText(byte escape) =>
        escape < 0x20 ? $"^{(char)(escape + 0x40)} (Ctrl + {(char)(escape + 0x40)})" : ((char)escape).ToString();
}
