namespace Vireo.Qemu.CommandLine;

/// <summary>
/// The environment QEMU runs with: a fixed base (the C locale, so QEMU's messages are the ones we parse;
/// a PATH without the daemon's; HOME=/), then what the domain adds (TZ for &lt;clock offset='timezone'&gt;).
/// The order is the one domxml-to-native prints, like libvirt's LC_ALL, PATH, HOME first.
/// </summary>
public static class QemuProcessEnvironment
{
    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyList<KeyValuePair<string, string>> For(QemuCommandLine cmd)
    {
        var env = new List<KeyValuePair<string, string>> { new("LC_ALL", "C"), new("PATH", Path), new("HOME", "/") };
        foreach (var (key, value) in cmd.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            env.RemoveAll(kv => kv.Key == key);
            env.Add(new(key, value));
        }
        return env;
    }
}
