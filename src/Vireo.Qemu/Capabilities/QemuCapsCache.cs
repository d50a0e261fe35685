using System.Text.Json;
using Vireo.Platform.Files;

namespace Vireo.Qemu.Capabilities;

/// <summary>Identifies one build of an emulator binary: a package upgrade changes the mtime or size, so the probe reruns.</summary>
public readonly record struct QemuBinaryStamp(string Path, long MtimeTicksUtc, long Size)
{
    public static QemuBinaryStamp Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"The emulator {path} does not exist.", path);
        return new QemuBinaryStamp(info.FullName, info.LastWriteTimeUtc.Ticks, info.Length);
    }
}

/// <summary>
/// Capabilities per emulator binary, probed at most once per build: kept in memory, and optionally in a
/// cache directory (one probe document per binary, with its stamp) so a daemon restart does not probe
/// again. Concurrent callers for the same binary share one probe; a failed probe is not remembered.
/// </summary>
public sealed class QemuCapsCache
{
    public delegate Task<string> ProbeDocument(string emulatorPath, CancellationToken ct);

    private readonly string? cacheDirectory;
    private readonly ProbeDocument probe;
    private readonly Lock gate = new();
    private readonly Dictionary<string, (QemuBinaryStamp Stamp, Task<QemuEmulatorCaps> Caps)> entries = new(StringComparer.Ordinal);

    /// <param name="cacheDirectory">Where probe documents are kept across restarts; null keeps them in memory only.</param>
    /// <param name="probe">How to probe (default: run the binary with QemuCapsProber); tests substitute a counter.</param>
    public QemuCapsCache(string? cacheDirectory = null, ProbeDocument? probe = null)
    {
        this.cacheDirectory = cacheDirectory;
        this.probe = probe ?? ((path, ct) => QemuCapsProber.ProbeDocumentAsync(path, QemuCapsProber.DefaultTimeout, ct));
    }

    public Task<QemuEmulatorCaps> GetAsync(string emulatorPath, CancellationToken ct = default)
    {
        var stamp = QemuBinaryStamp.Of(emulatorPath);
        lock (gate)
        {
            if (entries.TryGetValue(stamp.Path, out var entry) && entry.Stamp == stamp && !entry.Caps.IsFaulted && !entry.Caps.IsCanceled)
                return entry.Caps;
            var task = LoadOrProbeAsync(stamp, ct);
            entries[stamp.Path] = (stamp, task);
            return task;
        }
    }

    private async Task<QemuEmulatorCaps> LoadOrProbeAsync(QemuBinaryStamp stamp, CancellationToken ct)
    {
        var file = cacheDirectory is null ? null : Path.Combine(cacheDirectory, FileNameFor(stamp.Path));
        if (file is not null && TryLoad(file, stamp) is { } cached)
            return cached;
        var document = await probe(stamp.Path, ct).ConfigureAwait(false);
        var caps = QemuCapsParser.Parse(document);
        if (file is not null)
        {
            Directory.CreateDirectory(cacheDirectory!);
            await AtomicFile.WriteAllTextAsync(file, WithStamp(document, stamp), ct).ConfigureAwait(false);
        }
        return caps;
    }

    /// <summary>The cached document when its stamp matches the binary; null when missing, stale or unreadable.</summary>
    private static QemuEmulatorCaps? TryLoad(string file, QemuBinaryStamp stamp)
    {
        if (!File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            if (!root.TryGetProperty("stamp", out var s)
                || s.GetProperty("mtime").GetInt64() != stamp.MtimeTicksUtc
                || s.GetProperty("size").GetInt64() != stamp.Size
                || root.GetProperty("emulator").GetString() != stamp.Path)
                return null;
            return QemuCapsParser.Parse(root);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null; // a damaged cache file is re-probed and overwritten
        }
    }

    private static string WithStamp(string document, QemuBinaryStamp stamp)
    {
        using var doc = JsonDocument.Parse(document);
        var replies = doc.RootElement.GetProperty("replies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        return QemuCapsProber.Compose(stamp.Path, replies, w =>
        {
            w.WriteStartObject("stamp");
            w.WriteNumber("mtime", stamp.MtimeTicksUtc);
            w.WriteNumber("size", stamp.Size);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// "/usr/bin/qemu-system-x86_64" becomes "usr_bin_qemu-system-x86_64.json". Two paths that map to one
    /// name only cost a re-probe: the stored document names its emulator and is ignored for the other.
    /// </summary>
    internal static string FileNameFor(string path) =>
        new string(path.TrimStart('/').Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray()) + ".json";
}
