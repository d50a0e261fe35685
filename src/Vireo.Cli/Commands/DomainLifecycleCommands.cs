using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>start, shutdown, destroy, reboot, reset, suspend, resume, autostart.</summary>
public sealed class DomainLifecycleCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var console = Opt.Flag("--console", "attach to console after creation");
        var paused = Opt.Flag("--paused", "leave the guest paused after creation");
        var autodestroy = Opt.Flag("--autodestroy", "automatically destroy the guest when virsh disconnects");
        var bypassCache = Opt.Flag("--bypass-cache", "avoid file system cache when loading");
        var forceBoot = Opt.Flag("--force-boot", "force fresh boot by discarding any managed save");
        var resetNvram = Opt.Flag("--reset-nvram", "re-initialize NVRAM from its pristine template");
        set.Add("start", "start a (previously defined) inactive domain", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain, LookupBy.Name | LookupBy.Uuid);
            // virsh decides from the id it looked up, without asking the daemon to start an active domain.
            if (dom.Id != -1) throw new CliError("Domain is already active");
            var flags = CreateFlags.None;
            if (ctx.Has(paused)) flags |= CreateFlags.StartPaused;
            if (ctx.Has(autodestroy)) flags |= CreateFlags.Autodestroy;
            if (ctx.Has(bypassCache)) flags |= CreateFlags.BypassCache;
            if (ctx.Has(forceBoot)) flags |= CreateFlags.ForceBoot;
            if (ctx.Has(resetNvram)) flags |= CreateFlags.ResetNvram;
            var started = await CliError.Wrap($"Failed to start domain '{dom.Name}'", () => dom.StartLikeVirshAsync(flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{dom.Name}' started\n");
            if (ctx.Has(console)) await ConsoleCommands.AttachAsync(ctx, started, null, ConsoleFlags.None);
        }, domain, console, paused, autodestroy, bypassCache, forceBoot, resetNvram);

        var shutdownMode = Opt.Text("--mode", "shutdown mode: acpi|agent|initctl|signal|paravirt");
        set.Add("shutdown", "gracefully shutdown a domain", async ctx =>
        {
            var flags = Modes(ctx.Get(shutdownMode), "'signal', or 'paravirt'");
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap($"Failed to shutdown domain '{dom.Name}'", () => dom.ShutdownLikeVirshAsync(flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{dom.Name}' is being shutdown\n");
        }, domain, shutdownMode);

        var graceful = Opt.Flag("--graceful", "terminate gracefully");
        var removeLogs = Opt.Flag("--remove-logs", "remove domain logs");
        set.Add("destroy", "destroy (stop) a domain", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var flags = DestroyFlags.Default;
            if (ctx.Has(graceful)) flags |= DestroyFlags.Graceful;
            if (ctx.Has(removeLogs)) flags |= DestroyFlags.RemoveLogs;
            await CliError.Wrap($"Failed to destroy domain '{dom.Name}'", () => dom.DestroyLikeVirshAsync(flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{dom.Name}' destroyed\n");
        }, domain, graceful, removeLogs);

        var rebootMode = Opt.Text("--mode", "shutdown mode: acpi|agent|initctl|signal|paravirt");
        set.Add("reboot", "reboot a domain", async ctx =>
        {
            var flags = Modes(ctx.Get(rebootMode), "'signal' or 'paravirt'");
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap($"Failed to reboot domain '{dom.Name}'", () => dom.RebootAsync(flags, ctx.Ct));
            ctx.PrintExtra($"Domain '{dom.Name}' is being rebooted\n");
        }, domain, rebootMode);

        Simple(set, domain, "reset", "reset a domain", "Failed to reset domain '{0}'", "Domain '{0}' was reset\n", (d, ct) => d.ResetAsync(ct));
        Simple(set, domain, "suspend", "suspend a domain", "Failed to suspend domain '{0}'", "Domain '{0}' suspended\n", (d, ct) => d.SuspendAsync(ct));
        Simple(set, domain, "resume", "resume a domain", "Failed to resume domain '{0}'", "Domain '{0}' resumed\n", (d, ct) => d.ResumeAsync(ct));

        var disable = Opt.Flag("--disable", "disable autostarting");
        set.Add("autostart", "autostart a domain", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var on = !ctx.Has(disable);
            await CliError.Wrap(on ? $"Failed to mark domain '{dom.Name}' as autostarted" : $"Failed to unmark domain '{dom.Name}' as autostarted",
                () => dom.SetAutostartAsync(on, ctx.Ct));
            ctx.PrintExtra(on ? $"Domain '{dom.Name}' marked as autostarted\n" : $"Domain '{dom.Name}' unmarked as autostarted\n");
        }, domain, disable);

        // virsh prints libvirt's error alone for a refused rename (no "Failed to ..." line before it).
        var newName = new NamedArg("new-name", "new domain name");
        set.Add("domrename", "rename a domain", async ctx =>
        {
            var name = ctx.Required(newName);
            var dom = await ctx.DomainAsync(domain);
            await dom.RenameAsync(name, ctx.Ct);
            ctx.PrintExtra("Domain successfully renamed\n");
        }, domain, newName);
    }

    private static void Simple(CommandSet set, NamedArg domain, string name, string description, string failure, string done,
        Func<Client.VirDomain, CancellationToken, Task> action) =>
        set.Add(name, description, async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            await CliError.Wrap(string.Format(null, failure, dom.Name), () => action(dom, ctx.Ct));
            ctx.PrintExtra(string.Format(null, done, dom.Name));
        }, domain);

    /// <summary>
    /// --mode acpi,agent,...: a comma-separated list of virDomainShutdownFlagValues, read before the domain is looked
    /// up. virsh words the refusal of an unknown mode with a serial comma for shutdown and without one for reboot.
    /// </summary>
    internal static ShutdownFlags Modes(string? modes, string lastTwo)
    {
        var flags = ShutdownFlags.Default;
        if (modes is null) return flags;
        if (modes.Length == 0) throw new CliError("Failed to get option 'mode': Option argument is empty");
        foreach (var m in modes.Split(','))
            flags |= m switch
            {
                "acpi" => ShutdownFlags.AcpiPowerButton,
                "agent" => ShutdownFlags.GuestAgent,
                "initctl" => ShutdownFlags.Initctl,
                "signal" => ShutdownFlags.Signal,
                "paravirt" => ShutdownFlags.Paravirt,
                _ => throw new CliError($"Unknown mode {m} value, expecting 'acpi', 'agent', 'initctl', {lastTwo}"),
            };
        return flags;
    }
}
