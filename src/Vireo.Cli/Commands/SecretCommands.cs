using System.Text;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Drivers.Secrets;

namespace Vireo.Cli.Commands;

/// <summary>virsh's "Secret" group: secret-define, secret-list, secret-dumpxml, secret-set-value, secret-get-value, secret-undefine, with virsh 9.0's words.</summary>
public sealed class SecretCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Secret";
        var file = new NamedArg("file", "file containing secret attributes in XML");
        var validate = Opt.Flag("--validate", "validate the XML against the schema");
        set.Add("secret-define", "define or modify a secret from an XML file", async ctx =>
        {
            var path = ctx.Required(file);
            var xml = DomainDefinitionCommands.ReadFile(path);
            var conn = await ctx.ConnectAsync();
            var s = await CliError.Wrap($"Failed to set attributes from {path}", () => conn.DefineSecretAsync(xml, ctx.Ct));
            ctx.PrintExtra($"Secret {s.Uuid} created\n");
        }, file, validate);

        var ephemeral = Opt.Flag("--ephemeral", "list ephemeral secrets");
        var noEphemeral = Opt.Flag("--no-ephemeral", "list non-ephemeral secrets");
        var isPrivate = Opt.Flag("--private", "list private secrets");
        var noPrivate = Opt.Flag("--no-private", "list non-private secrets");
        set.Add("secret-list", "list secrets", async ctx =>
        {
            var flags = SecretListFlags.None;
            if (ctx.Has(ephemeral)) flags |= SecretListFlags.Ephemeral;
            if (ctx.Has(noEphemeral)) flags |= SecretListFlags.NoEphemeral;
            if (ctx.Has(isPrivate)) flags |= SecretListFlags.Private;
            if (ctx.Has(noPrivate)) flags |= SecretListFlags.NoPrivate;
            var conn = await ctx.ConnectAsync();
            var secrets = await CliError.Wrap("Failed to list secrets", () => conn.ListSecretsAsync(flags, ctx.Ct));
            ctx.Out.Write(SecretList(secrets.Select(s => s.Ref)));
        }, ephemeral, noEphemeral, isPrivate, noPrivate);

        var secret = new NamedArg("secret", "secret UUID");
        set.Add("secret-dumpxml", "secret attributes in XML", async ctx =>
            ctx.Out.Write(await (await FindAsync(ctx, secret)).GetXmlDescAsync(ctx.Ct)), secret);

        var setSecret = new NamedArg("secret", "secret UUID");
        var base64 = new NamedArg("base64", "base64-encoded secret value", required: false);
        var plain = Opt.Flag("--plain", "read the secret from file without converting from base64");
        var fromFile = Opt.Text("--file", "read secret from file");
        set.Add("secret-set-value", "set a secret value", async ctx =>
        {
            var s = await FindAsync(ctx, setSecret);
            byte[] value;
            if (ctx.Get(fromFile) is { } path)
            {
                var raw = File.ReadAllBytes(path);
                value = ctx.Has(plain) ? raw : DecodeLikeGlib(Encoding.ASCII.GetString(raw));
            }
            else
            {
                var text = ctx.Optional(base64) ?? throw new CliError("Input secret value is missing");
                // virsh 9.0 warns on stderr and goes on: the value is visible in the process list.
                ctx.Session.Io.Error.Write("error: Passing secret value as command-line argument is insecure!\n");
                value = ctx.Has(plain) ? Encoding.UTF8.GetBytes(text) : DecodeLikeGlib(text);
            }
            await CliError.Wrap("Failed to set secret value", () => s.SetValueAsync(value, ctx.Ct));
            ctx.PrintExtra("Secret value set\n");
        }, setSecret, base64, plain, fromFile);

        var getSecret = new NamedArg("secret", "secret UUID");
        var getPlain = Opt.Flag("--plain", "get value without converting to base64");
        set.Add("secret-get-value", "Output a secret value", async ctx =>
        {
            var value = await (await FindAsync(ctx, getSecret)).GetValueAsync(ctx.Ct);
            // No newline of its own: the blank line after the command ends it, as virsh's output does.
            if (ctx.Has(getPlain)) ctx.Out.Write(Encoding.UTF8.GetString(value));
            else ctx.Out.Write(Convert.ToBase64String(value));
        }, getSecret, getPlain);

        var undefSecret = new NamedArg("secret", "secret UUID");
        set.Add("secret-undefine", "undefine a secret", async ctx =>
        {
            var s = await FindAsync(ctx, undefSecret);
            await CliError.Wrap($"Failed to delete secret {s.Uuid}", () => s.UndefineAsync(ctx.Ct));
            ctx.PrintExtra($"Secret {s.Uuid} deleted\n");
        }, undefSecret);
    }

    /// <summary>secret-list's table, sorted by uuid as virsh sorts it; a secret with no usage shows "Unused".</summary>
    public static string SecretList(IEnumerable<SecretRef> secrets) =>
        VshTable.Format(["UUID", "Usage"], secrets.OrderBy(s => s.Uuid.ToString("D"), StringComparer.Ordinal).Select(s => (IReadOnlyList<string>)
            [s.Uuid.ToString("D"), s.UsageType == SecretUsageType.None ? "Unused" : $"{SecretXml.UsageName(s.UsageType)} {s.UsageId}"]));

    /// <summary>virsh's lookup: by uuid; a failure is "failed to get secret 'ARG'" and the daemon's reason.</summary>
    internal static Task<VirSecret> FindAsync(CommandContext ctx, NamedArg arg) => FindAsync(ctx, ctx.Required(arg));

    /// <summary>virsh's lookup by uuid, of the text given.</summary>
    internal static async Task<VirSecret> FindAsync(CommandContext ctx, string text)
    {
        var conn = await ctx.ConnectAsync();
        if (!SecretXml.TryParseUuid(text, out var uuid))
            throw new CliError($"failed to get secret '{text}'", "uuidstr in virSecretLookupByUUIDString must be a valid UUID");
        try { return await conn.LookupSecretAsync(uuid, ctx.Ct); }
        catch (VirException e) { throw new CliError($"failed to get secret '{text}'", e.Message); }
    }

    /// <summary>GLib's g_base64_decode, which virsh uses: it never fails, characters outside the alphabet are skipped.</summary>
    public static byte[] DecodeLikeGlib(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/') clean.Append(c);
        var usable = clean.Length - clean.Length % 4;
        var tail = clean.ToString(usable, clean.Length - usable);
        var body = clean.ToString(0, usable);
        // A trailing group of 2 or 3 characters still decodes to 1 or 2 bytes; a lone one is dropped.
        if (tail.Length >= 2) body += tail.PadRight(4, '=');
        return Convert.FromBase64String(body);
    }
}
