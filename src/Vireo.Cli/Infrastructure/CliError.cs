using Vireo.Core.Errors;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// A failed command, as virsh reports it: one or more lines, each printed as "error: LINE" on stderr, and exit
/// status 1. Usually virsh's own sentence ("Failed to start domain 'web1'") followed by the daemon's message.
/// </summary>
public sealed class CliError(params string[] lines) : Exception(string.Join("; ", lines))
{
    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>Runs a call; a daemon error becomes "error: CONTEXT" + "error: MESSAGE".</summary>
    public static async Task<T> Wrap<T>(string context, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (VirException e)
        {
            throw new CliError(context, e.Message);
        }
    }

    public static async Task Wrap(string context, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (VirException e)
        {
            throw new CliError(context, e.Message);
        }
    }
}
