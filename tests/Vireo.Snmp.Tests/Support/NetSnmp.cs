using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vireo.Snmp.Tests.Support;

/// <summary>
/// Debian's net-snmp daemons for tests, in a private directory: snmpd as AgentX master on loopback with
/// its own AgentX socket, snmptrapd logging to a file, and the client tools isolated from any system
/// config (SNMPCONFPATH, SNMP_PERSISTENT_DIR, no MIBs) so their output is numeric and predictable.
/// Only the processes started here are ever stopped, by PID.
/// </summary>
public sealed class NetSnmp : IAsyncDisposable
{
    private Process? _snmpd;
    private Process? _snmptrapd;

    private NetSnmp(TempDir dir)
    {
        Dir = dir;
        Directory.CreateDirectory(dir.File("conf"));
        Directory.CreateDirectory(dir.File("persist"));
        AgentPort = FreeUdpPort();
        TrapPort = FreeUdpPort();
    }

    public TempDir Dir { get; }
    public int AgentPort { get; }
    public int TrapPort { get; }
    public string AgentXSocket => Dir.File("agentx.sock");
    public string TrapLog => Dir.File("traps.log");
    public string Agent => $"127.0.0.1:{AgentPort}";
    public int SnmpdPid => _snmpd?.Id ?? 0;

    public static bool Installed(string tool) =>
        new[] { "/usr/sbin", "/usr/bin" }.Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Why the daemons cannot run here, or null.</summary>
    public static string? Missing() =>
        new[] { "snmpd", "snmptrapd", "snmpget", "snmpwalk", "snmpbulkwalk", "snmpset" }
            .Where(t => !Installed(t)).Select(t => $"net-snmp's {t} is not installed (Debian packages snmpd, snmptrapd, snmp).").FirstOrDefault();

    public static async Task<NetSnmp> StartAsync(CancellationToken ct, string? extraSnmpdConf = null)
    {
        var n = new NetSnmp(new TempDir("vsnmpd"));
        try
        {
            File.WriteAllText(n.Dir.File("snmpd.conf"), $"""
                # snmpd as AgentX master, loopback only (written by Vireo.Snmp.Tests)
                agentAddress  udp:127.0.0.1:{n.AgentPort}
                master        agentx
                agentXSocket  {n.AgentXSocket}
                agentXPerms   0660 0700
                rocommunity   public  127.0.0.1
                rwcommunity   private 127.0.0.1
                trap2sink     127.0.0.1:{n.TrapPort} public
                {extraSnmpdConf}
                """);
            File.WriteAllText(n.Dir.File("snmptrapd.conf"), "disableAuthorization yes\n");
            await n.StartTrapdAsync(ct);
            await n.StartSnmpdAsync(ct);
            return n;
        }
        catch
        {
            await n.DisposeAsync();
            throw;
        }
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private ProcessStartInfo Psi(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SNMPCONFPATH"] = Dir.File("conf");
        psi.Environment["SNMP_PERSISTENT_DIR"] = Dir.File("persist");
        psi.Environment["MIBS"] = "";
        return psi;
    }

    private async Task StartTrapdAsync(CancellationToken ct)
    {
        _snmptrapd = Process.Start(Psi("snmptrapd", "-f", "-C", "-c", Dir.File("snmptrapd.conf"), "-X", "-n", "-On",
            "-Lf", TrapLog, "-p", Dir.File("snmptrapd.pid"), $"udp:127.0.0.1:{TrapPort}"))!;
        // snmptrapd writes its version line once it listens.
        await PollAsync(() => File.Exists(TrapLog) && File.ReadAllText(TrapLog).Contains("NET-SNMP version"), "snmptrapd to start", ct);
    }

    /// <summary>Starts snmpd (again, after <see cref="StopSnmpdAsync"/>) and waits for its AgentX socket.</summary>
    public async Task StartSnmpdAsync(CancellationToken ct)
    {
        File.Delete(AgentXSocket); // a stale socket would look like readiness
        _snmpd = Process.Start(Psi("snmpd", "-f", "-C", "-c", Dir.File("snmpd.conf"), "-Lf", Dir.File("snmpd.log"),
            "-p", Dir.File("snmpd.pid")))!;
        await PollAsync(() => File.Exists(AgentXSocket) || _snmpd.HasExited, "snmpd to create its AgentX socket", ct);
        if (_snmpd.HasExited)
            throw new InvalidOperationException($"snmpd exited with code {_snmpd.ExitCode}: {SafeRead(Dir.File("snmpd.log"))}");
    }

    /// <summary>
    /// Stops only the snmpd we started: as an admin's restart does (SIGTERM), or as a crash does
    /// (SIGKILL: no goodbye on the AgentX socket, and the socket file stays behind).
    /// </summary>
    public async Task StopSnmpdAsync(bool crash, CancellationToken ct)
    {
        if (_snmpd is null) return;
        if (crash)
        {
            _snmpd.Kill();
            await _snmpd.WaitForExitAsync(ct);
        }
        else
        {
            await Stop(_snmpd, ct);
        }
        _snmpd.Dispose();
        _snmpd = null;
    }

    private static async Task Stop(Process p, CancellationToken ct)
    {
        if (p.HasExited) return;
        Posix.Kill(p.Id, Posix.SigTerm);
        try { await p.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct); }
        catch (TimeoutException) { p.Kill(); await p.WaitForExitAsync(CancellationToken.None); }
    }

    public static async Task PollAsync(Func<bool> condition, string what, CancellationToken ct, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting {seconds} s for {what}.");
            await Task.Delay(25, ct);
        }
    }

    public static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, CancellationToken ct, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var v = await probe();
            if (done(v)) return v;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting {seconds} s for {what}; last result: {v}");
            await Task.Delay(50, ct);
        }
    }

    public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
    {
        public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public override string ToString() => $"exit {ExitCode}: {Stdout}{Stderr}";
    }

    /// <summary>Runs a client tool (snmpget, snmpwalk, ...) with the isolated environment; the agent address goes last.</summary>
    public async Task<ToolResult> RunAsync(string tool, string community, IEnumerable<string> options, IEnumerable<string> oids, CancellationToken ct)
    {
        var args = new List<string> { "-v2c", "-t", "3", "-r", "1", "-c", community };
        args.AddRange(options);
        args.Add(Agent);
        args.AddRange(oids);
        using var p = Process.Start(Psi(tool, [.. args]))!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return new ToolResult(p.ExitCode, await stdout, await stderr);
    }

    public string TrapLogText() => SafeRead(TrapLog);

    private static string SafeRead(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(fs).ReadToEnd();
        }
        catch (IOException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        if (_snmpd is not null) await Stop(_snmpd, CancellationToken.None);
        if (_snmptrapd is not null) await Stop(_snmptrapd, CancellationToken.None);
        _snmpd?.Dispose();
        _snmptrapd?.Dispose();
        Dir.Dispose();
    }
}

internal static class Posix
{
    public const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int sig);

    public static void Kill(int pid, int sig) => KillNative(pid, sig);
}
