namespace Vireo.Platform;

/// <summary>
/// Polling with a deadline for state the kernel offers no notification for (a cgroup settling into
/// FROZEN, a socket file appearing). Starts at 1 ms and backs off to 50 ms; never a fixed sleep.
/// </summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        int delayMs = 1;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            await Task.Delay(delayMs, ct).ConfigureAwait(false);
            delayMs = Math.Min(delayMs * 2, 50);
        }
    }
}
