using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

/// <summary>
/// qemu-img for the storage driver: `info --output=json` to read an image, `create` to make a qcow2 one.
/// Runs in the C locale; a failure carries qemu-img's own words.
/// </summary>
internal static class QemuImgRunner
{
    public static string Program { get; set; } = "/usr/bin/qemu-img";

    /// <summary>
    /// -U (force share) so an image a running guest holds can still be read, as libvirt's own probe can.
    /// Null when qemu-img cannot read the file (then the caller shows it as a raw file of its length).
    /// </summary>
    public static async Task<ImageFacts?> InfoAsync(string path, CancellationToken ct)
    {
        var (code, stdout, _) = await RunAsync(["info", "-U", "--output=json", path], ct).ConfigureAwait(false);
        return code == 0 ? ParseInfo(stdout) : null;
    }

    /// <summary>qemu-img info's JSON: "format", "virtual-size", "actual-size", "cluster-size", backing names.</summary>
    internal static ImageFacts? ParseInfo(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var format = Str(root, "format") == "qcow2" ? VolumeFormat.Qcow2 : VolumeFormat.Raw;
        var backing = Str(root, "full-backing-filename") ?? Str(root, "backing-filename");
        VolumeFormat? backingFormat = Str(root, "backing-filename-format") switch
        {
            "qcow2" => VolumeFormat.Qcow2,
            "raw" => VolumeFormat.Raw,
            _ => null,
        };
        // "format-specific": {"type": "qcow2", "data": {"compat": "1.1", "lazy-refcounts": false, ...}}; 0.10 is version 2.
        Qcow2Features? v3 = null;
        if (format == VolumeFormat.Qcow2 && root.TryGetProperty("format-specific", out var specific) && specific.TryGetProperty("data", out var data)
            && Str(data, "compat") is { } compat && compat != "0.10")
            v3 = new Qcow2Features(compat, data.TryGetProperty("lazy-refcounts", out var lazy) && lazy.ValueKind == JsonValueKind.True);
        return new ImageFacts(format, Num(root, "virtual-size"), Num(root, "actual-size"), Num(root, "cluster-size"), backing, backingFormat, v3);
    }

    /// <summary>A version 3 (compat 1.1) qcow2, as libvirt 9.0 creates when lazy refcounts are asked for (and qemu-img by default).</summary>
    public static async Task CreateQcow2Async(string path, StorageVolDef def, CancellationToken ct)
    {
        List<string> args = ["create", "-q", "-f", "qcow2"];
        if (def.BackingPath is { } backing)
        {
            args.AddRange(["-b", backing]);
            if (def.BackingFormat is { } f) args.AddRange(["-F", StorageVolXml.FormatName(f)]);
        }
        var options = new List<string>();
        if (def.LazyRefcounts) options.Add("lazy_refcounts=on");
        // Metadata preallocation needs the whole image: qemu-img refuses it over a backing file.
        if (def.PreallocateMetadata && def.BackingPath is null) options.Add("preallocation=metadata");
        if (options.Count > 0) args.AddRange(["-o", string.Join(',', options)]);
        args.AddRange([path, def.Capacity.ToString(CultureInfo.InvariantCulture)]);
        var (code, _, stderr) = await RunAsync(args, ct).ConfigureAwait(false);
        if (code != 0)
            throw StorageErrors.Failed($"cannot create volume '{path}': qemu-img said: {(stderr.Length > 0 ? stderr : $"exit code {code}")}");
    }

    public static async Task ResizeAsync(string path, ulong capacity, bool shrink, CancellationToken ct)
    {
        List<string> args = ["resize", "-q", "-f", "qcow2"];
        if (shrink) args.Add("--shrink");
        args.AddRange([path, capacity.ToString(CultureInfo.InvariantCulture)]);
        var (code, _, stderr) = await RunAsync(args, ct).ConfigureAwait(false);
        if (code != 0)
            throw StorageErrors.Failed($"cannot resize volume '{path}': qemu-img said: {(stderr.Length > 0 ? stderr : $"exit code {code}")}");
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ulong Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n) ? n : 0;

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw StorageErrors.System($"cannot run {Program}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false), (await stderr.ConfigureAwait(false)).Trim());
    }
}
