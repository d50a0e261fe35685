using System.CommandLine;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Lxc.Entry;
using Vireo.Platform.Sockets;
using Vireo.Rpc.Client;

namespace Vireo.Cli.Commands;

/// <summary>
/// `lxc-enter-namespace`: run a command inside a running container, as virsh does: the daemon hands over
/// descriptors of the container's namespaces (libvirt's LXC program, over a second connection that can
/// receive descriptors), this process joins the container's cgroups and enters the namespaces (through
/// the vireo-lxc helper's enter-ns mode, see <see cref="ContainerEntry"/>), and the command runs there
/// with our standard streams. Its non-zero exit is reported as virsh reports it.
/// </summary>
public sealed class LxcCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        // Vireo has no security labels; accepted for virsh's command lines.
        var noSecLabel = Opt.Flag("--noseclabel", "Do not change process security label");
        var cmd = new Argument<string[]>("cmd") { Description = "namespace", Arity = ArgumentArity.OneOrMore };
        set.Add("lxc-enter-namespace", "LXC Guest Enter Namespace", async ctx =>
        {
            var command = ctx.Words(cmd);
            var dom = await ctx.DomainAsync(domain);
            var namespaces = await OpenNamespacesAsync(ctx, dom);
            try
            {
                await RunInsideAsync(ctx, dom, namespaces, command);
            }
            finally
            {
                foreach (var fd in namespaces) fd.Dispose();
            }
        }, domain, noSecLabel, cmd);
    }

    /// <summary>virDomainLxcOpenNamespace over a connection of its own (the daemon's socket, or a socket pair to the embedded server).</summary>
    private static async Task<IReadOnlyList<SafeFileHandle>> OpenNamespacesAsync(CommandContext ctx, VirDomain dom)
    {
        var session = ctx.Session;
        var readOnly = session.Options.ReadOnly;
        var uri = VirUri.Parse(session.RequestedUri, readOnly);
        FdCallConnection conn;
        if (session.Engine is { } engine)
        {
            var (client, server) = UnixSocket.CreatePair();
            engine.Server.Rpc.ServeSocket(server, readOnly);
            conn = await FdCallConnection.OpenAsync(client, session.RequestedUri ?? "", readOnly, ctx.Ct);
        }
        else
        {
            conn = await FdCallConnection.OpenAsync(uri.SocketPath, uri.Name, readOnly, ctx.Ct);
        }
        await using (conn)
            return await conn.OpenNamespaceAsync(dom.Ref, ctx.Ct);
    }

    private static async Task RunInsideAsync(CommandContext ctx, VirDomain dom, IReadOnlyList<SafeFileHandle> namespaces, string[] command)
    {
        var helper = ContainerEntry.DefaultHelperPath;
        if (!File.Exists(helper))
            throw new CliError($"cannot enter container '{dom.Name}': the container helper {helper} is missing (it is built with Vireo.Lxc)");
        var io = ctx.Session.Io;
        // A terminal is handed to the command as it is (an interactive shell needs it); anything else is pumped.
        var pump = !io.InputIsTerminal;
        var psi = new ProcessStartInfo(helper)
        {
            UseShellExecute = false,
            RedirectStandardInput = pump,
            RedirectStandardOutput = pump,
            RedirectStandardError = pump,
        };
        foreach (var a in ContainerEntry.HelperArguments(Environment.ProcessId, namespaces, dom.Id,
                     ContainerEntry.CgroupProcsFilesOf(dom.Id), command))
            psi.ArgumentList.Add(a);

        using var process = Process.Start(psi) ?? throw new CliError($"cannot start the container helper {helper}");
        try
        {
            if (pump)
            {
                using var exited = CancellationTokenSource.CreateLinkedTokenSource(ctx.Ct);
                var input = FeedInputAsync(io.Input, process.StandardInput.BaseStream, exited.Token);
                var output = process.StandardOutput.BaseStream.CopyToAsync(io.OutputStream, ctx.Ct);
                var errors = CopyTextAsync(process.StandardError, io.Error, ctx.Ct);
                await process.WaitForExitAsync(ctx.Ct);
                await Task.WhenAll(output, errors);
                await exited.CancelAsync();
                await input;
            }
            else
            {
                await process.WaitForExitAsync(ctx.Ct);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        // virsh's words for a failed child; the helper reports a command killed by signal N as 128+N, as a shell does.
        if (process.ExitCode is > 128 and <= 128 + 64)
            throw new CliError($"internal error: Child process ({process.Id}) unexpected fatal signal {process.ExitCode - 128}");
        if (process.ExitCode != 0)
            throw new CliError($"internal error: Child process ({process.Id}) unexpected exit status {process.ExitCode}");
    }

    /// <summary>Our input to the command until it ends or our input does; a command that stops reading is not an error.</summary>
    private static async Task FeedInputAsync(Stream from, Stream to, CancellationToken ct)
    {
        try
        {
            await from.CopyToAsync(to, ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        try { to.Close(); }
        catch (IOException) { }
    }

    private static async Task CopyTextAsync(StreamReader from, TextWriter to, CancellationToken ct)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
    }
}
