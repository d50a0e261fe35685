using System.CommandLine;
using System.CommandLine.Parsing;
using Vireo.Cli.Commands;
using Vireo.Cli.Infrastructure;
using Vireo.Core.Errors;

namespace Vireo.Cli;

/// <summary>
/// vireo's entry point: virsh's global options, then one command. Output follows virsh's: results on stdout
/// and a blank line after every command that ran (unless -q); errors as "error: ..." lines on stderr and
/// exit status 1.
/// </summary>
public static class CliApp
{
    /// <summary>Every command group; a new group file is added here.</summary>
    internal static ICommandGroup[] Groups() =>
    [
        new ListCommands(),
        new DomainDefinitionCommands(),
        new DomainLifecycleCommands(),
        new DomainInfoCommands(),
        new DomainMonitorCommands(),
        new DeviceCommands(),
        new InterfaceCommands(),
        new ConsoleCommands(),
        new EventCommands(),
        new HostCommands(),
        new DebugCommands(),
        new QemuCommands(),
        new GraphicsCommands(),
        new LxcCommands(),
        new TuningCommands(),
        new MemoryCommands(),
        new InterfaceTuneCommands(),
        new VcpuAndJobCommands(),
        new SaveCommands(),
        new CoreDumpCommands(),
        new MetadataCommands(),
        new CpuStatsCommands(),
        new GuestAgentCommands(),
        new IoThreadCommands(),
        new BlockThresholdCommands(),
        new BlockIoTuneCommands(),
        new BlockCopyCommands(),
        new PerfCommands(),
        new DirtyRateCommands(),
        new PowerManagementCommands(),
        new CheckpointCommands(),   // before the first Interface command, so `vireo help` lists the groups in virsh's order
        new HostInterfaceCommands(),
        new NetworkCommands(),
        new NodeDeviceCommands(),
        new PoolCommands(),
        new VolumeCommands(),
        new SecretCommands(),
        new NodeMemoryCommands(),
        new ConversionCommands(),
        new HostCpuCommands(),
        new HypervisorCpuCommands(),
        new DomainControlCommands(),
        new ObjectEventCommands(),   // last: its commands join groups the others open, in virsh's order
    ];

    public static async Task<int> RunAsync(string[] args, CliIo io, Func<string, string?>? environment = null, CancellationToken ct = default)
    {
        var (options, rest, problem) = GlobalArgs.Parse(args);
        if (problem is not null) return Fail(io, problem);
        var set = BuildCommands();
        if (options.ShowVersion)
        {
            io.Out.Write(typeof(CliApp).Assembly.GetName().Version?.ToString(3) + "\n");
            return 0;
        }
        if (rest.Length == 0 || rest[0] is "help" or "-h" or "--help")
        {
            io.Out.Write(Help.Text(set, rest.Length > 1 ? rest[1] : null));
            return 0;
        }
        if (!set.Root.Subcommands.Any(c => c.Name == rest[0])) return Fail(io, $"unknown command: '{rest[0]}'");

        var parse = set.Root.Parse(rest, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var command = parse.CommandResult.Command;
        if (parse.Errors.Count > 0) return Fail(io, ParseErrorText(command.Name, parse.Errors[0], parse));
        if (rest.Skip(1).Any(a => a is "-h" or "--help"))
        {
            io.Out.Write(Help.Text(set, command.Name));
            return 0;
        }
        var positional = set.Resolve(command, parse);
        if (positional.Unexpected is { } extra) return Fail(io, $"unexpected data '{extra}'");
        if (set.MissingArgument(command, parse, positional) is { } missing) return Fail(io, $"command '{command.Name}' requires <{missing}> option");
        set.TryGetHandler(command, out var handler);

        await using var session = new CliSession(io, options.Globals, environment);
        try
        {
            // virsh connects before it runs the command: a connection failure is reported alone.
            await session.ConnectAsync(ct);
        }
        catch (CliError e)
        {
            return Fail(io, [.. e.Lines]);
        }

        var status = 0;
        try
        {
            await handler(new CommandContext(command.Name, parse, positional, session, ct));
        }
        catch (CliError e)
        {
            foreach (var line in e.Lines) io.Error.Write($"error: {line}\n");
            status = 1;
        }
        catch (VirException e)
        {
            io.Error.Write($"error: {e.Message}\n");
            status = 1;
        }
        catch (CommandFailedQuietly)
        {
            status = 1;
        }
        session.PrintExtra("\n");
        return status;
    }

    internal static CommandSet BuildCommands()
    {
        var set = new CommandSet(new RootCommand("vireo: the virtualization manager's command line (virsh's commands)"));
        foreach (var g in Groups()) g.Register(set);
        return set;
    }

    private static int Fail(CliIo io, params string[] lines)
    {
        foreach (var line in lines) io.Error.Write($"error: {line}\n");
        return 1;
    }

    /// <summary>System.CommandLine's complaint in virsh's words.</summary>
    private static string ParseErrorText(string command, ParseError error, ParseResult parse)
    {
        if (parse.UnmatchedTokens.FirstOrDefault() is { } token)
            return token.StartsWith('-') ? $"command '{command}' doesn't support option {token}" : $"unexpected data '{token}'";
        var message = error.Message;
        var quoted = message.IndexOf('\'', StringComparison.Ordinal);
        if (message.StartsWith("Required argument missing for option", StringComparison.Ordinal) && quoted >= 0)
            return $"expected syntax: {message[(quoted + 1)..].TrimEnd('.', '\'')} <string>";
        return message;
    }
}
