using System.Runtime.InteropServices;
using System.Text;
using Vireo.Platform.Files;
using Vireo.Platform.Native;
using Vireo.Platform.Network;

namespace Vireo.Platform.Processes;

/// <summary>
/// Starts children that must outlive us (the CLI's embedded mode exits, the daemon restarts, guests
/// keep running). .NET's Process cannot setsid, pass chosen descriptors or enter a namespace, so this
/// uses glibc's posix_spawn directly: POSIX_SPAWN_SETSID, dup2/closefrom file actions, and for a
/// network namespace it spawns from a dedicated thread that has setns()'d into it (the namespace is
/// per thread and inherited by the child).
/// </summary>
public static class ProcessSpawner
{
    public static async Task<WatchedProcess> SpawnAsync(SpawnOptions options, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        foreach (int fd in options.InheritedFds.Keys)
            if (fd < 3)
                throw new ArgumentException($"Inherited descriptor number {fd} is not allowed: 0-2 are stdin/stdout/stderr.");

        int pid = options.NetworkNamespace is { } ns
            ? await Network.NetworkNamespace.RunInAsync(ns, () => SpawnHere(options)).ConfigureAwait(false)
            : SpawnHere(options);
        var process = WatchedProcess.ForChild(pid);
        try
        {
            options.Cgroup?.AttachProcess(pid);
            if (options.PidFilePath is { } pidFile)
                await AtomicFile.WriteAllTextAsync(pidFile, $"{pid}\n", ct).ConfigureAwait(false);
        }
        catch
        {
            process.Signal(Signals.SIGKILL);
            await process.Exited.ConfigureAwait(false);
            process.Dispose();
            throw;
        }
        return process;
    }

    private static unsafe int SpawnHere(SpawnOptions o)
    {
        void* fa = NativeMemory.AllocZeroed(LibC.SpawnObjectBytes);
        void* attr = NativeMemory.AllocZeroed(LibC.SpawnObjectBytes);
        void* sigs = NativeMemory.AllocZeroed(LibC.SigsetBytes);
        var temps = new List<int>();
        var strings = new NativeStringArray();
        try
        {
            Check(LibC.SpawnFileActionsInit(fa), "initialize spawn file actions");
            Check(LibC.SpawnAttrInit(attr), "initialize spawn attributes");

            Check(LibC.SpawnFileActionsAddOpen(fa, 0, "/dev/null", LibC.O_RDONLY, 0), "redirect stdin");
            Check(LibC.SpawnFileActionsAddOpen(fa, 1, o.OutputLogPath ?? "/dev/null",
                LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND, Convert.ToInt32("640", 8)), "redirect stdout");
            Check(LibC.SpawnFileActionsAddDup2(fa, 1, 2), "redirect stderr");

            // Duplicate each source above every target number first, so no dup2 can clobber a source
            // that a later dup2 still needs; closefrom then drops the temporaries and any leaked fd.
            int firstFree = Math.Max(3, o.InheritedFds.Count == 0 ? 3 : o.InheritedFds.Keys.Max() + 1);
            foreach (var (target, handle) in o.InheritedFds)
            {
                int temp = LibC.Fcntl((int)handle.DangerousGetHandle(), LibC.F_DUPFD_CLOEXEC, firstFree);
                PlatformException.ThrowIfNegative(temp, $"duplicate descriptor for child fd {target}");
                temps.Add(temp);
                Check(LibC.SpawnFileActionsAddDup2(fa, temp, target), $"map child fd {target}");
            }
            Check(LibC.SpawnFileActionsAddCloseFrom(fa, firstFree), "close other descriptors");
            if (o.WorkingDirectory is { } cwd)
                Check(LibC.SpawnFileActionsAddChdir(fa, cwd), "set the working directory");

            // .NET ignores SIGPIPE and may block signals on this thread: give the child defaults.
            LibC.SigFillSet(sigs);
            Check(LibC.SpawnAttrSetSigDefault(attr, sigs), "reset signal handlers");
            LibC.SigEmptySet(sigs);
            Check(LibC.SpawnAttrSetSigMask(attr, sigs), "clear the signal mask");
            short flags = LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK;
            if (o.NewSession)
                flags |= LibC.POSIX_SPAWN_SETSID;
            Check(LibC.SpawnAttrSetFlags(attr, flags), "set spawn flags");

            byte** argv = strings.Build([o.Executable, .. o.Arguments]);
            byte** envp = strings.Build(EnvironmentLines(o.Environment));
            int pid;
            int rc = o.Executable.Contains('/')
                ? LibC.PosixSpawn(&pid, argv[0], fa, attr, argv, envp)
                : LibC.PosixSpawnp(&pid, argv[0], fa, attr, argv, envp);
            if (rc != 0)
                throw new PlatformException($"start '{o.Executable}'", rc);
            return pid;
        }
        finally
        {
            foreach (int t in temps)
                LibC.Close(t);
            strings.Dispose();
            LibC.SpawnFileActionsDestroy(fa);
            LibC.SpawnAttrDestroy(attr);
            NativeMemory.Free(fa);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigs);
        }
    }

    private static IEnumerable<string> EnvironmentLines(IReadOnlyDictionary<string, string>? env)
    {
        if (env != null)
            return env.Select(kv => $"{kv.Key}={kv.Value}");
        var all = System.Environment.GetEnvironmentVariables();
        return all.Keys.Cast<string>().Select(k => $"{k}={all[k]}");
    }

    private static void Check(int rc, string action)
    {
        if (rc != 0)
            throw new PlatformException(action, rc); // posix_spawn* return the error number
    }

    /// <summary>NUL-terminated UTF-8 strings and NULL-terminated pointer arrays, freed together.</summary>
    private sealed unsafe class NativeStringArray : IDisposable
    {
        private readonly List<nint> _blocks = [];

        public byte** Build(IEnumerable<string> items)
        {
            var list = items.ToList();
            var array = (byte**)NativeMemory.AllocZeroed((nuint)(list.Count + 1), (nuint)sizeof(nint));
            _blocks.Add((nint)array);
            for (int i = 0; i < list.Count; i++)
            {
                int len = Encoding.UTF8.GetByteCount(list[i]);
                var s = (byte*)NativeMemory.Alloc((nuint)len + 1);
                _blocks.Add((nint)s);
                Encoding.UTF8.GetBytes(list[i], new Span<byte>(s, len));
                s[len] = 0;
                array[i] = s;
            }
            return array;
        }

        public void Dispose()
        {
            foreach (nint b in _blocks)
                NativeMemory.Free((void*)b);
        }
    }
}
