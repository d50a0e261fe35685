using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Lxc.Driver;

/// <summary>
/// Entering a running container. OpenNamespaces hands out the descriptors virsh's lxc-enter-namespace
/// asks for over RPC; ExecAsync runs a command inside through the helper's "enter" mode (a .NET process
/// cannot setns its threads into another mount namespace).
/// </summary>
internal sealed class LxcNamespaces : IDomainNamespaces
{
    /// <summary>The order libvirt's virDomainLxcOpenNamespace returns them.</summary>
    private static readonly string[] Kinds = ["user", "ipc", "mnt", "net", "pid", "uts"];

    private readonly LxcRuntime _rt;

    public LxcNamespaces(LxcRuntime runtime) => _rt = runtime;

    public IReadOnlyList<SafeFileHandle> OpenNamespaces(Guid uuid)
    {
        var dom = _rt.Get(uuid);
        var pid = LxcRuntime.Running(dom).InitPid;
        var handles = new List<SafeFileHandle>();
        try
        {
            foreach (var kind in Kinds)
            {
                // Only a container with an <idmap> has a user namespace of its own.
                if (kind == "user" && SameNamespace($"/proc/{pid}/ns/user", "/proc/self/ns/user")) continue;
                handles.Add(File.OpenHandle($"/proc/{pid}/ns/{kind}", FileMode.Open, FileAccess.Read));
            }
            return handles;
        }
        catch (IOException e)
        {
            foreach (var h in handles) h.Dispose();
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot open the namespaces of container '{dom.Name}': {e.Message}", e);
        }
    }

    public async ValueTask<ContainerExecResult> ExecAsync(Guid uuid, IReadOnlyList<string> command, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        var rc = LxcRuntime.Running(dom);
        if (command.Count == 0) throw VirErrors.InvalidArg("no command to run in the container", VirErrorDomain.Lxc);
        var psi = new ProcessStartInfo(_rt.Options.HelperPath)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add("enter");
        psi.ArgumentList.Add(rc.InitPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var procs in rc.Cgroup.ProcsFiles) { psi.ArgumentList.Add("--cgroup"); psi.ArgumentList.Add(procs); }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) { psi.ArgumentList.Add("--env"); psi.ArgumentList.Add($"{k}={v}"); }
        psi.ArgumentList.Add("--");
        foreach (var arg in command) psi.ArgumentList.Add(arg);

        using var process = Process.Start(psi) ?? throw VirErrors.Internal("cannot start the container helper", VirErrorDomain.Lxc);
        var stdout = ReadAllAsync(process.StandardOutput.BaseStream, ct);
        var stderr = ReadAllAsync(process.StandardError.BaseStream, ct);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, ct).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException) { } // the command did not read its input
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var result = new ContainerExecResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        if (result.ExitCode == 125)
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot enter container '{dom.Name}': {result.StderrText.Trim()}");
        return result;
    }

    private static async Task<byte[]> ReadAllAsync(Stream s, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    private static bool SameNamespace(string a, string b)
    {
        try
        {
            return new FileInfo(a).ResolveLinkTarget(false)?.Name == new FileInfo(b).ResolveLinkTarget(false)?.Name;
        }
        catch (IOException) { return false; }
    }
}
