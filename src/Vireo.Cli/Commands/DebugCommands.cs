using System.CommandLine;
using System.Globalization;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Keycodes;

namespace Vireo.Cli.Commands;

/// <summary>inject-nmi and send-key: virsh reads key names and numbers here, the daemon translates them for QEMU.</summary>
public sealed class DebugCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        set.Add("inject-nmi", "Inject NMI to the guest", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            await dom.InjectNmiAsync(ctx.Ct); // virsh prints only the daemon's error
        }, domain);

        var sendKeyDomain = new NamedArg("domain", "domain name, id or uuid");
        var codeset = Opt.Text("--codeset", "the codeset of keycodes, default:linux");
        var holdtime = Opt.Text("--holdtime", "the time (in milliseconds) how long the keys will be held");
        var keycodes = new Argument<string[]>("keycode") { Description = "the key code", Arity = ArgumentArity.ZeroOrMore };
        var keycodeOption = new Option<string[]>("--keycode") { Description = "the key code", Hidden = true, AllowMultipleArgumentsPerToken = false };
        set.Add("send-key", "Send keycodes to the guest", async ctx =>
        {
            var keys = ctx.Argv(keycodeOption, keycodes);
            if (keys.Length == 0) throw new CliError($"command '{ctx.Name}' requires <keycode> option");
            // virsh's order: the domain first, then the hold time, the codeset, and each key in turn.
            var dom = await ctx.DomainAsync(sendKeyDomain);
            var hold = HoldTime(ctx.Get(holdtime));
            try
            {
                var set = Keycodes.ParseCodeset(ctx.Get(codeset) ?? "linux");
                var codes = Keycodes.ParseKeys(set, keys);
                await dom.SendKeyAsync(set, hold, codes, ctx.Ct);
            }
            catch (KeycodeException e)
            {
                throw new CliError(e.Message);
            }
        }, sendKeyDomain, codeset, holdtime, keycodes, keycodeOption);
    }

    /// <summary>A non-negative number of milliseconds (virsh: vshCommandOptUInt, base 10).</summary>
    internal static uint HoldTime(string? text)
    {
        if (text is null) return 0;
        var digits = text.StartsWith('+') ? text[1..] : text;
        return uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : throw new CliError($"Numeric value '{text}' for <holdtime> option is malformed or out of range");
    }
}
