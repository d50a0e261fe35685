namespace Vireo.IntegrationTests.Network.Support;

/// <summary>dnsmasq outlives the daemon by design, so a network test that fails before net-destroy stops the ones it started.</summary>
internal static class NetworkTestCleanup
{
    /// <summary>Kills every dnsmasq started with a configuration under <paramref name="root"/> (a test's temporary root).</summary>
    public static void KillDnsmasqsUnder(string root)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.StartsWith("dnsmasq\0", StringComparison.Ordinal) && cmdline.Contains("--conf-file=" + root, StringComparison.Ordinal))
                System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
    }
}
