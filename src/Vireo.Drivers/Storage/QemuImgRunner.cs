using System.Diagnostics;
using System.Globalization;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

/// <summary>
/// qemu-img for the storage driver's changes: `create` makes a qcow2 image, `resize` grows or shrinks one (reading an
/// image needs no process: <see cref="ImageHeaderReader"/>).
/// Runs in the C locale; a failure carries qemu-img's own words.
/// </summary>
internal static class QemuImgRunner
{
    public static string Program { get; set; } = "/usr/bin/qemu-img";

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
