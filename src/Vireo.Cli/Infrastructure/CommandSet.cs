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
    private readonly Dictionary<Command, List<NamedArg>> _named = [];

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
        foreach (var s in symbols)
        {
            switch (s)
            {
                case Argument a: command.Add(a); break;
                case Option o: command.Add(o); break;
                case NamedArg n:
                    n.AddTo(command);
                    if (!_named.TryGetValue(command, out var list)) _named[command] = list = [];
                    list.Add(n);
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

    /// <summary>The first required argument the command line lacks (virsh: "command 'X' requires &lt;name&gt; option").</summary>
    public NamedArg? MissingArgument(Command command, ParseResult parse) =>
        _named.TryGetValue(command, out var list) ? list.FirstOrDefault(n => n.IsRequired && n.Value(parse) is null) : null;

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
