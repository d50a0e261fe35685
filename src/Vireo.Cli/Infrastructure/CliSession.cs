using Microsoft.Extensions.Logging;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Hosting;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// One `vireo` invocation: its streams, global options and (opened on first use) its connection. virsh
/// prints a blank line after every command unless -q; <see cref="PrintExtra"/> is virsh's vshPrintExtra.
/// </summary>
public sealed class CliSession : IAsyncDisposable
{
    private readonly Func<string, string?> _environment;
    private VirConnection? _connection;
    private EmbeddedEngine? _engine;
    private ILoggerFactory? _loggers;

    public CliSession(CliIo io, GlobalOptions options, Func<string, string?>? environment = null)
    {
        Io = io;
        Options = options;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public CliIo Io { get; }
    public GlobalOptions Options { get; }
    public TextWriter Out => Io.Out;

    /// <summary>The URI the user named (-c or the environment); null means the daemon's default.</summary>
    public string? RequestedUri => Options.EffectiveUri(_environment);

    /// <summary>The in-process engine of an embedded URI (after <see cref="ConnectAsync"/>); null for a daemon.</summary>
    public EmbeddedEngine? Engine => _engine;

    /// <summary>Informational output, suppressed by -q (virsh's vshPrintExtra).</summary>
    public void PrintExtra(string text)
    {
        if (!Options.Quiet) Io.Out.Write(text);
    }

    public async Task<VirConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is not null) return _connection;
        _loggers ??= new StderrLoggerFactory(Io.Error, StderrLoggerFactory.LevelFromEnvironment(_environment("VIREO_LOG")));
        try
        {
            (_connection, _engine) = await Connector.OpenAsync(RequestedUri, Options.ReadOnly, _loggers, ct).ConfigureAwait(false);
        }
        catch (VirException e)
        {
            throw new CliError("failed to connect to the hypervisor", e.Message);
        }
        return _connection;
    }

    /// <summary>Says goodbye to the daemon; an embedded engine lets go of its guests (they keep running).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        if (_engine is not null) await _engine.DisposeAsync().ConfigureAwait(false);
    }
}
