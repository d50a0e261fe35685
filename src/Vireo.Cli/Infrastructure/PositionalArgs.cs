using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// The words of a command line that no option took, handed out as virsh hands them out: to the command's
/// positional arguments in their order, skipping each one already given by name. "domblkstat --domain web1 vda"
/// gives vda to &lt;device&gt;, where System.CommandLine alone would give it to the (unused) positional
/// &lt;domain&gt;. A list argument (virsh's argv kind) takes every word left; a word nothing takes is virsh's
/// "unexpected data".
/// </summary>
public sealed class PositionalArgs
{
    private readonly Dictionary<NamedArg, string?> _named;
    private readonly Dictionary<Argument, IReadOnlyList<Token>> _lists;

    private PositionalArgs(Dictionary<NamedArg, string?> named, Dictionary<Argument, IReadOnlyList<Token>> lists, string? unexpected)
    {
        _named = named;
        _lists = lists;
        Unexpected = unexpected;
    }

    /// <summary>The first word no argument takes, or null.</summary>
    public string? Unexpected { get; }

    /// <param name="positionals">The command's NamedArgs and list Arguments, in the order the command declares them.</param>
    public static PositionalArgs Resolve(IReadOnlyList<object> positionals, ParseResult parse)
    {
        // System.CommandLine gives the free words to the positional arguments in order, so reading them back in
        // that order restores the words as typed.
        var words = new Queue<Token>(positionals.SelectMany(p => parse.GetResult(ArgumentOf(p))?.Tokens ?? []));
        var named = new Dictionary<NamedArg, string?>();
        var lists = new Dictionary<Argument, IReadOnlyList<Token>>();
        foreach (var p in positionals)
        {
            switch (p)
            {
                case NamedArg n when parse.GetResult(n.Option) is not null:
                    named[n] = parse.GetValue(n.Option);
                    break;
                case NamedArg n:
                    named[n] = words.TryDequeue(out var word) ? word.Value : null;
                    break;
                case Argument list:
                    lists[list] = [.. words];
                    words.Clear();
                    break;
            }
        }
        return new PositionalArgs(named, lists, words.TryPeek(out var extra) ? extra.Value : null);
    }

    private static Argument ArgumentOf(object positional) => positional switch
    {
        NamedArg n => n.Argument,
        Argument a => a,
        _ => throw new ArgumentException($"not a positional argument: {positional}", nameof(positional)),
    };

    /// <summary>The argument's value, by name or by position; null when not given.</summary>
    public string? Value(NamedArg arg, ParseResult parse) => _named.TryGetValue(arg, out var v) ? v : arg.Value(parse);

    /// <summary>The words a list argument took by position.</summary>
    public IReadOnlyList<Token> Words(Argument list, ParseResult parse) =>
        _lists.TryGetValue(list, out var words) ? words : parse.GetResult(list)?.Tokens ?? [];
}
