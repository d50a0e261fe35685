using System.CommandLine;

namespace Vireo.Cli.Infrastructure;

public delegate Task CommandHandler(CommandContext ctx);

/// <summary>A file of related commands (one per virsh command group); it adds its commands to the set.</summary>
public interface ICommandGroup
{
    void Register(CommandSet set);
}

/// <summary>
/// Every command vireo knows, with its handler. Adding a command is: build a System.CommandLine Command with its
/// arguments and options, and pass it to <see cref="Add"/> with a handler that prints what virsh prints.
/// </summary>
public sealed class CommandSet
{
    private readonly Dictionary<Command, (string Group, CommandHandler Handler)> _handlers = [];
    private readonly Dictionary<Command, List<object>> _positionals = [];
    private readonly HashSet<Argument> _requiredLists = [];

    public CommandSet(RootCommand root) => Root = root;

    public RootCommand Root { get; }

    /// <summary>The group new commands are listed under in `vireo help` (set by each group before it adds).</summary>
    public string Group { get; set; } = "";

    public Command Add(Command command, CommandHandler handler)
    {
        Root.Add(command);
        _handlers[command] = (Group, handler);
        return command;
    }

    /// <summary>Builds a command with a description and its arguments (Argument, NamedArg) and options in one call.</summary>
    public Command Add(string name, string description, CommandHandler handler, params object[] symbols)
    {
        var command = new Command(name, description);
        var positionals = _positionals[command] = [];
        foreach (var s in symbols)
        {
            switch (s)
            {
                case Argument a:
                    // A list a command requires (virsh's mandatory argv) is checked with the named arguments, after
                    // the free words are given out: System.CommandLine would count a word for <domain> as its own.
                    if (a.Arity.MinimumNumberOfValues > 0)
                    {
                        a.Arity = ArgumentArity.ZeroOrMore;
                        _requiredLists.Add(a);
                    }
                    command.Add(a);
                    positionals.Add(a);
                    break;
                case Option o: command.Add(o); break;
                case NamedArg n:
                    n.AddTo(command);
                    positionals.Add(n);
                    break;
                default: throw new ArgumentException($"unsupported symbol {s}", nameof(symbols));
            }
        }
        return Add(command, handler);
    }

    public bool TryGetHandler(Command command, out CommandHandler handler)
    {
        if (_handlers.TryGetValue(command, out var entry))
        {
            handler = entry.Handler;
            return true;
        }
        handler = null!;
        return false;
    }

    /// <summary>The command line's free words given out to the command's positional arguments as virsh does.</summary>
    public PositionalArgs Resolve(Command command, ParseResult parse) =>
        PositionalArgs.Resolve(_positionals.TryGetValue(command, out var list) ? list : [], parse);

    /// <summary>The name of the first required argument the command line lacks (virsh: "command 'X' requires &lt;name&gt; option").</summary>
    public string? MissingArgument(Command command, ParseResult parse, PositionalArgs positional) =>
        _positionals.TryGetValue(command, out var list)
            ? list.Select(p => p switch
            {
                NamedArg n when n.IsRequired && positional.Value(n, parse) is null => n.Name,
                Argument a when _requiredLists.Contains(a) && positional.Words(a, parse).Count == 0 => a.Name,
                _ => null,
            }).FirstOrDefault(name => name is not null)
            : null;

    public IEnumerable<(string Group, Command Command)> Commands => _handlers.Select(h => (h.Value.Group, h.Key));
}

/// <summary>Shorthands for options, so command files read like virsh's option tables.</summary>
public static class Opt
{
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string?> Text(string name, string description) => new(name) { Description = description };

    /// <summary>A numeric option, parsed by the command (<see cref="CommandContext.Int"/>) so that a bad value gets virsh's message.</summary>
    public static Option<string?> Int(string name, string description) => new(name) { Description = description };
}
