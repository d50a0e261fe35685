using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Cli.Remote;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>dominfo, domstate, dumpxml, domid, domname, domuuid.</summary>
public sealed class DomainInfoCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        set.Add("dominfo", "domain information", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var conn = dom.Connection;
            // virsh prints what it can get and skips the rest; the security model is optional (NO_SUPPORT).
            var (model, doi) = await Try(() => conn.GetSecurityModelAsync(ctx.Ct));
            (string Label, bool Enforcing) label = default;
            if (!string.IsNullOrEmpty(model)) label = await Try(() => dom.GetSecurityLabelAsync(ctx.Ct));
            var data = new DomInfoData(
                dom.Id, dom.Name, dom.Uuid,
                await TryRef(() => dom.GetOsTypeAsync(ctx.Ct)),
                await TryRef(() => dom.GetInfoAsync(ctx.Ct)),
                await TryValue(() => dom.IsPersistentAsync(ctx.Ct)),
                await TryValue(() => dom.GetAutostartAsync(ctx.Ct)),
                await TryValue(() => dom.HasManagedSaveAsync(ctx.Ct)),
                model, doi, label.Label, label.Enforcing,
                await TryRef(() => dom.GetMessagesAsync(ctx.Ct)) ?? []);
            ctx.Out.Write(DomainFormat.DomInfo(data));
        }, domain);

        var reason = Opt.Flag("--reason", "also print reason for the state");
        set.Add("domstate", "domain state", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var state = await CliError.Wrap("Unable to get domain status", () => dom.GetStateAsync(ctx.Ct));
            ctx.Out.Write(DomainFormat.DomState(state, ctx.Has(reason)));
        }, domain, reason);

        var source = Opt.Text("--source", "address source: 'lease' or 'agent'");
        set.Add("domhostname", "print the domain's hostname", async ctx =>
        {
            var flags = ctx.Get(source) switch
            {
                null => HostnameFlags.None,
                "lease" => HostnameFlags.Lease,
                "agent" => HostnameFlags.Agent,
                var other => throw new CliError($"Unknown data source '{other}'"),
            };
            var dom = await ctx.DomainAsync(domain);
            ctx.Out.Write(await CliError.Wrap("failed to get hostname", () => dom.GetHostnameAsync(flags, ctx.Ct)) + "\n");
        }, domain, source);

        var now = Opt.Flag("--now", "set to the time of the host running virsh");
        var pretty = Opt.Flag("--pretty", "print domain's time in human readable form");
        var sync = Opt.Flag("--sync", "instead of setting given time, synchronize from domain's RTC");
        var time = Opt.Text("--time", "time to set");
        set.Add("domtime", "domain time", async ctx =>
        {
            var request = DomainFormat.DomTimeRequest(ctx.Get(time), ctx.Has(now), ctx.Has(sync), DateTimeOffset.UtcNow);
            var dom = await ctx.DomainAsync(domain);
            if (request is { } set) await dom.SetTimeAsync(set.Time, set.Flags, ctx.Ct);
            else ctx.Out.Write(DomainFormat.DomTime(await dom.GetTimeAsync(ctx.Ct), ctx.Has(pretty)));
        }, domain, now, pretty, sync, time);

        set.Add("domblkerror", "Show errors on block devices", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            ctx.Out.Write(DomainFormat.DomBlkError(await dom.GetDiskErrorsAsync(ctx.Ct)));
        }, domain);

        // virsh prints libvirt's error alone when the call fails.
        set.Add("domcontrol", "domain control interface state", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            ctx.Out.Write(DomainFormat.DomControl(await dom.GetControlInfoAsync(ctx.Ct)));
        }, domain);

        var inactive = Opt.Flag("--inactive", "show inactive defined XML");
        var security = Opt.Flag("--security-info", "include security sensitive information in XML dump");
        var updateCpu = Opt.Flag("--update-cpu", "update guest CPU according to host CPU");
        var migratable = Opt.Flag("--migratable", "provide XML suitable for migrations");
        set.Add("dumpxml", "domain information in XML", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var flags = XmlFlags.None;
            if (ctx.Has(inactive)) flags |= XmlFlags.Inactive;
            if (ctx.Has(security)) flags |= XmlFlags.Secure;
            if (ctx.Has(updateCpu)) flags |= XmlFlags.UpdateCpu;
            if (ctx.Has(migratable)) flags |= XmlFlags.Migratable;
            var xml = await dom.GetXmlDescAsync(flags, ctx.Ct); // virsh reports only the daemon's error here
            ctx.Out.Write(xml);
        }, domain, inactive, security, updateCpu, migratable);

        set.Add("domid", "convert a domain name or UUID to domain id", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain, LookupBy.Name | LookupBy.Uuid);
            ctx.Out.Write(dom.Id < 0 ? "-\n" : Text.Inv($"{dom.Id}\n"));
        }, domain);

        set.Add("domname", "convert a domain id or UUID to domain name", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain, LookupBy.Id | LookupBy.Uuid);
            ctx.Out.Write(dom.Name + "\n");
        }, domain);

        set.Add("domuuid", "convert a domain name or id to domain UUID", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain, LookupBy.Id | LookupBy.Name);
            ctx.Out.Write($"{dom.Uuid:D}\n");
        }, domain);
    }

    private static async Task<(string, string)> Try(Func<Task<(string, string)>> call)
    {
        try { return await call(); }
        catch (VirException) { return ("", ""); }
    }

    private static async Task<(string, bool)> Try(Func<Task<(string, bool)>> call)
    {
        try { return await call(); }
        catch (VirException) { return ("", false); }
    }

    private static async Task<T?> TryRef<T>(Func<Task<T>> call) where T : class
    {
        try { return await call(); }
        catch (VirException) { return null; }
    }

    private static async Task<T?> TryValue<T>(Func<Task<T>> call) where T : struct
    {
        try { return await call(); }
        catch (VirException) { return null; }
    }
}
