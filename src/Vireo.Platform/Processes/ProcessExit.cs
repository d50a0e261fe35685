namespace Vireo.Platform.Processes;

/// <summary>
/// How a watched process ended. The status is only known for our own children (we reap them);
/// for a process re-adopted after a daemon restart we only learn that it is gone.
/// </summary>
public readonly record struct ProcessExit(bool StatusKnown, int? ExitCode, int? Signal, bool CoreDumped = false)
{
    public static ProcessExit Unknown => new(false, null, null);
    public static ProcessExit Exited(int code) => new(true, code, null);
    public static ProcessExit Killed(int signal, bool core = false) => new(true, null, signal, core);

    public override string ToString() =>
        !StatusKnown ? "exited (status unknown: not our child)"
        : Signal is { } s ? $"killed by signal {s}{(CoreDumped ? " (core dumped)" : "")}"
        : $"exited with code {ExitCode}";
}

/// <summary>Signal numbers (x86-64/aarch64 Linux).</summary>
public static class Signals
{
    public const int SIGHUP = 1, SIGINT = 2, SIGKILL = 9, SIGUSR1 = 10, SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19;
}
