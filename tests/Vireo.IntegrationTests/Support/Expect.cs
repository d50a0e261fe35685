namespace Vireo.IntegrationTests.Support;

/// <summary>Assertions that show the whole text on failure (virsh output and domain XML are long), and polling with a deadline.</summary>
internal static class Expect
{
    public static void Contains(string expected, string actual) =>
        Assert.True(actual.Contains(expected, StringComparison.Ordinal), $"expected to find:\n{expected}\nin:\n{actual}");

    public static void DoesNotContain(string unexpected, string actual) =>
        Assert.False(actual.Contains(unexpected, StringComparison.Ordinal), $"did not expect to find:\n{unexpected}\nin:\n{actual}");

    /// <summary>Polls until the check holds (no sleeps for readiness: a deadline, then a failure saying what was awaited and what was last seen).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> ok, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (ok(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} did not happen in time; last seen: {value}");
            await Task.Delay(100);
        }
    }
}
