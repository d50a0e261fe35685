using System.Globalization;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>dompmsuspend and dompmwakeup, with virsh 9.0's messages ("Domain 'x' could not be suspended" before the cause).</summary>
public sealed class PowerManagementCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var target = new NamedArg("target", "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)");
        var duration = Opt.Text("--duration", "duration in seconds");
        set.Add("dompmsuspend", "suspend a domain gracefully using power management functions", async ctx =>
        {
            var text = ctx.Required(target);
            var which = text switch
            {
                "mem" => PmSuspendTarget.Mem,
                "disk" => PmSuspendTarget.Disk,
                "hybrid" => PmSuspendTarget.Hybrid,
                _ => throw new CliError("Invalid target"),
            };
            ulong seconds = 0;
            if (ctx.Get(duration) is { } d && !ulong.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
                throw new CliError($"Numeric value '{d}' for <duration> option is malformed or out of range");
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap($"Domain '{dom.Name}' could not be suspended", () => dom.PmSuspendAsync(which, seconds, ctx.Ct));
            ctx.Out.Write($"Domain '{dom.Name}' successfully suspended"); // virsh's line ends with the blank line every command prints
        }, [domain, target, duration]);

        set.Add("dompmwakeup", "wakeup a domain from pmsuspended state", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap($"Domain '{dom.Name}' could not be woken up", () => dom.PmWakeupAsync(ctx.Ct));
            ctx.Out.Write($"Domain '{dom.Name}' successfully woken up");
        }, [domain]);
    }
}
