using System.CommandLine;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>domifaddr, domfsinfo, guestinfo, domfsfreeze, domfsthaw and set-user-password, with virsh 9.0's options and words.</summary>
public sealed class GuestAgentCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var iface = Opt.Text("--interface", "network interface name");
        var full = Opt.Flag("--full", "always display names and MACs of interfaces");
        var source = Opt.Text("--source", "address source: 'lease', 'agent', or 'arp'");
        set.Add("domifaddr", "Get network interfaces' addresses for a running domain", async ctx =>
        {
            var from = GuestAgentFormat.Source(ctx.Get(source));
            var dom = await ctx.DomainAsync(domain);
            var ifaces = await CliError.Wrap("Failed to query for interfaces addresses", () => dom.GetInterfaceAddressesAsync(from, ctx.Ct));
            ctx.Out.Write(GuestAgentFormat.DomIfAddr(ifaces, ctx.Has(full), ctx.Get(iface)));
        }, domain, iface, full, source);

        set.Add("domfsinfo", "Get information of domain's mounted filesystems.", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var fss = await CliError.Wrap("Unable to get filesystem information", () => dom.GetFsInfoAsync(ctx.Ct));
            if (fss.Count == 0) ctx.PrintExtra(GuestAgentFormat.DomFsInfo(fss));
            else ctx.Out.Write(GuestAgentFormat.DomFsInfo(fss));
        }, domain);

        (string Name, string Help, GuestInfoTypes Type)[] groups =
        [
            ("--user", "report active users", GuestInfoTypes.Users),
            ("--os", "report operating system information", GuestInfoTypes.Os),
            ("--timezone", "report timezone information", GuestInfoTypes.Timezone),
            ("--hostname", "report hostname", GuestInfoTypes.Hostname),
            ("--filesystem", "report filesystem information", GuestInfoTypes.FileSystem),
            ("--disk", "report disk information", GuestInfoTypes.Disks),
            ("--interface", "report interface information", GuestInfoTypes.Interfaces),
        ];
        var groupOptions = groups.Select(g => (Option: Opt.Flag(g.Name, g.Help), g.Type)).ToArray();
        set.Add("guestinfo", "query information about the guest (via agent)", async ctx =>
        {
            var types = groupOptions.Where(g => ctx.Has(g.Option)).Aggregate(GuestInfoTypes.None, (t, g) => t | g.Type);
            var dom = await ctx.DomainAsync(domain);
            ctx.Out.Write(GuestAgentFormat.GuestInfo(await dom.GetGuestInfoAsync(types, ctx.Ct)));
        }, [domain, .. groupOptions.Select(g => (object)g.Option)]);

        var freezeMounts = new Option<string[]>("--mountpoint") { Description = "mountpoint path to be frozen", AllowMultipleArgumentsPerToken = false };
        set.Add("domfsfreeze", "Freeze domain's mounted filesystems.", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var n = await CliError.Wrap("Unable to freeze filesystems", () => dom.FsFreezeAsync(ctx.Get(freezeMounts) ?? [], ctx.Ct));
            ctx.PrintExtra($"Froze {n} filesystem(s)\n");
        }, domain, freezeMounts);

        var thawMounts = new Option<string[]>("--mountpoint") { Description = "mountpoint path to be thawed", AllowMultipleArgumentsPerToken = false };
        set.Add("domfsthaw", "Thaw domain's mounted filesystems.", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var n = await CliError.Wrap("Unable to thaw filesystems", () => dom.FsThawAsync(ctx.Get(thawMounts) ?? [], ctx.Ct));
            ctx.PrintExtra($"Thawed {n} filesystem(s)\n");
        }, domain, thawMounts);

        var user = new NamedArg("user", "the username");
        var password = new NamedArg("password", "the new password");
        var encrypted = Opt.Flag("--encrypted", "the password is already encrypted");
        set.Add("set-user-password", "set the user password inside the domain", async ctx =>
        {
            var name = ctx.Required(user);
            var secret = ctx.Required(password);
            var dom = await ctx.DomainAsync(domain);
            await dom.SetUserPasswordAsync(name, secret, ctx.Has(encrypted) ? SetUserPasswordFlags.Encrypted : SetUserPasswordFlags.None, ctx.Ct);
            ctx.PrintExtra($"Password set successfully for {name} in {dom.Name}\n");
        }, domain, user, password, encrypted);

        // As virsh 9.0: without --timeout the default (-1); the daemon refuses values below -2.
        var timeout = Opt.Int("--timeout", "timeout seconds.");
        set.Add("guest-agent-timeout", "Set the guest agent timeout", async ctx =>
        {
            var seconds = ctx.Int(timeout) ?? -1;
            var dom = await ctx.DomainAsync(domain);
            await dom.SetAgentTimeoutAsync(seconds, ctx.Ct);
        }, domain, timeout);

        // virsh 9.0 prints the keys one after another with nothing between them; vireo prints one a line.
        var keysUser = new NamedArg("user", "user to list authorized keys for");
        set.Add("get-user-sshkeys", "list authorized SSH keys for given user (via agent)", async ctx =>
        {
            var name = ctx.Required(keysUser);
            var dom = await ctx.DomainAsync(domain);
            foreach (var key in await dom.GetAuthorizedSshKeysAsync(name, ctx.Ct)) ctx.Out.Write(key + "\n");
        }, domain, keysUser);

        var setUser = new NamedArg("user", "user to set authorized keys for");
        var keysFile = Opt.Text("--file", "optional file to read keys from");
        var reset = Opt.Flag("--reset", "clear out authorized keys file before adding new keys");
        var remove = Opt.Flag("--remove", "remove keys from the authorized keys file");
        set.Add("set-user-sshkeys", "manipulate authorized SSH keys file for given user (via agent)", async ctx =>
        {
            var name = ctx.Required(setUser);
            var path = ctx.Get(keysFile);
            // virsh's rules: keys are appended unless --reset; --remove and appending need a file.
            var flags = ctx.Has(remove) ? AuthorizedSshKeysSetFlags.Remove : AuthorizedSshKeysSetFlags.None;
            if (path is null && ctx.Has(remove)) throw new CliError("Option --file is required by option --remove");
            if (!ctx.Has(reset))
            {
                flags |= AuthorizedSshKeysSetFlags.Append;
                if (path is null) throw new CliError("Option --file is required");
            }
            // Unlike virsh, blank lines are not sent as keys (the agent would write them into the file).
            var keys = path is null ? [] : DomainDefinitionCommands.ReadFile(path).Split('\n').Where(l => l.Trim().Length > 0).ToList();
            var dom = await ctx.DomainAsync(domain);
            await dom.SetAuthorizedSshKeysAsync(name, keys, flags, ctx.Ct);
        }, domain, setUser, keysFile, reset, remove);
    }
}
