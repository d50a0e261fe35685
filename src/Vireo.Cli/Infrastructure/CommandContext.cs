using System.CommandLine;
using Vireo.Client;

namespace Vireo.Cli.Infrastructure;

/// <summary>What a command handler gets: its parsed arguments, the session (streams, connection) and cancellation.</summary>
public sealed class CommandContext(string name, ParseResult parse, PositionalArgs positional, CliSession session, CancellationToken ct)
{
    public string Name { get; } = name;
    public ParseResult Parse { get; } = parse;
    public CliSession Session { get; } = session;
    public CancellationToken Ct { get; } = ct;
    public TextWriter Out => Session.Out;

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);
    public bool Has(Option<bool> option) => Parse.GetValue(option);

    /// <summary>A required positional (or --name) argument; missing: virsh's "command 'X' requires &lt;name&gt; option".</summary>
    public string Required(NamedArg arg) =>
        Optional(arg) ?? throw new CliError($"command '{Name}' requires <{arg.Name}> option");

    /// <summary>A required argument virsh reads with vshCommandOptStringReq: given but empty is refused too.</summary>
    public string RequiredNotEmpty(NamedArg arg) =>
        Required(arg) is { Length: > 0 } v ? v : throw new CliError($"Failed to get option '{arg.Name}': Option argument is empty");

    public string? Optional(NamedArg arg) => positional.Value(arg, Parse);

    /// <summary>A list argument's words (virsh's argv kind given only by position), as typed.</summary>
    public string[] Words(Argument<string[]> list) => [.. positional.Words(list, Parse).Select(t => t.Value)];

    /// <summary>A numeric option's value (null when absent); a malformed one fails with virsh's message.</summary>
    public int? Int(Option<string?> option)
    {
        var text = Parse.GetValue(option);
        if (text is null) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new CliError($"Numeric value '{text}' for <{option.Name.TrimStart('-')}> option is malformed or out of range");
    }

    /// <summary>
    /// A virsh "argv" option (VSH_OT_ARGV), given by name any number of times or by position: its values in
    /// command-line order, as virsh reads them.
    /// </summary>
    public string[] Argv(Option<string[]> byName, Argument<string[]> byPosition)
    {
        var order = Parse.Tokens.ToList();
        var given = (Parse.GetResult(byName)?.Tokens ?? []).Concat(positional.Words(byPosition, Parse));
        return [.. given.OrderBy(order.IndexOf).Select(t => t.Value)];
    }

    public Task<VirConnection> ConnectAsync() => Session.ConnectAsync(Ct);

    /// <summary>Connects and finds the domain the argument names (id, UUID or name, as the command allows).</summary>
    public async Task<VirDomain> DomainAsync(NamedArg arg, LookupBy by = LookupBy.Any)
    {
        var text = Required(arg);
        var conn = await ConnectAsync().ConfigureAwait(false);
        return await DomainLookup.FindAsync(conn, text, by, Ct).ConfigureAwait(false);
    }

    public void PrintExtra(string text) => Session.PrintExtra(text);

    /// <summary>Two options that must not be combined (virsh's VSH_EXCLUSIVE_OPTIONS).</summary>
    public void Exclusive(Option<bool> a, Option<bool> b)
    {
        if (Has(a) && Has(b)) throw new CliError($"Options {a.Name} and {b.Name} are mutually exclusive");
    }
}

/// <summary>
/// A virsh argument that may be given by position or by name ("dominfo web1" or "dominfo --domain web1"):
/// an optional positional argument plus a hidden --name option.
/// </summary>
public sealed class NamedArg
{
    public NamedArg(string name, string description, bool required = true)
    {
        Name = name;
        IsRequired = required;
        Argument = new Argument<string?>(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
        Option = new Option<string?>("--" + name) { Description = description, Hidden = true };
    }

    public string Name { get; }

    /// <summary>virsh checks required arguments while parsing, before it connects.</summary>
    public bool IsRequired { get; }

    public Argument<string?> Argument { get; }
    public Option<string?> Option { get; }

    public string? Value(ParseResult r) => r.GetValue(Option) ?? r.GetValue(Argument);

    /// <summary>Adds both forms to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Argument);
        command.Add(Option);
    }
}
