using System.Globalization;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>domjobabort, set-lifecycle-action and domfstrim, with virsh 9.0's words.</summary>
public sealed class DomainControlCommands : ICommandGroup
{
    /// <summary>virsh's names, indexed by libvirt's virDomainLifecycle and virDomainLifecycleAction numbers.</summary>
    private static readonly string[] Types = ["poweroff", "reboot", "crash"];
    private static readonly string[] Actions = ["destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart"];

    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var postcopy = Opt.Flag("--postcopy", "interrupt post-copy migration");
        set.Add("domjobabort", "abort active domain job", async ctx =>
        {
            if (ctx.Has(postcopy)) throw new CliError("Operation not supported: post-copy migration is not supported by vireo");
            var dom = await ctx.DomainAsync(domain);
            await dom.AbortJobAsync(ctx.Ct); // a refusal is the daemon's sentence alone, as virsh prints it
        }, domain, postcopy);

        var type = new NamedArg("type", "lifecycle type to modify");
        var action = new NamedArg("action", "lifecycle action to set");
        var impact = new ImpactOptions();
        set.Add("set-lifecycle-action", "change lifecycle actions", async ctx =>
        {
            var flags = (uint)(impact.Read(ctx) ?? 0);
            var typeText = ctx.Required(type);
            var actionText = ctx.Required(action);
            var typeIndex = Array.IndexOf(Types, typeText);
            if (typeIndex < 0) throw new CliError($"Invalid lifecycle type '{typeText}'.");
            var actionIndex = Array.IndexOf(Actions, actionText);
            if (actionIndex < 0) throw new CliError($"Invalid lifecycle action '{actionText}'.");
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap("Unable to change lifecycle action.",
                () => dom.SetLifecycleActionAsync((LifecycleTrigger)typeIndex, (uint)actionIndex, flags, ctx.Ct));
        }, [domain, type, action, .. impact.Symbols]);

        var minimum = Opt.Int("--minimum", "Just a hint to ignore contiguous free ranges smaller than this (Bytes)");
        var mountpoint = Opt.Text("--mountpoint", "which mount point to trim");
        set.Add("domfstrim", "Invoke fstrim on domain's mounted filesystems.", async ctx =>
        {
            ulong min = 0;
            if (ctx.Get(minimum) is { } text && !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out min))
                throw new CliError($"Numeric value '{text}' for <minimum> option is malformed or out of range");
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap("Unable to invoke fstrim", () => dom.FsTrimAsync(ctx.Get(mountpoint), min, ctx.Ct));
        }, domain, minimum, mountpoint);
    }
}
