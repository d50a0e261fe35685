using System.Diagnostics;
using System.Globalization;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

/// <summary>
/// qemu-img (and scrub) for the storage driver's changes: `create` makes a qcow2 image, `convert` clones one, `resize` grows or shrinks one (reading an
/// image needs no process: <see cref="ImageHeaderReader"/>).
/// Runs in the C locale; a failure carries qemu-img's own words.
/// </summary>
internal static class QemuImgRunner
{
    public static string Program { get; set; } = "/usr/bin/qemu-img";

    /// <summary>A qcow2 image with libvirt 9.0's options (<see cref="Qcow2Args"/>).</summary>
    public static async Task CreateQcow2Async(string path, StorageVolDef def, CancellationToken ct)
    {
        List<string> args = ["create", "-q", "-f", "qcow2", .. Qcow2Args(def, "-b"), path, def.Capacity.ToString(CultureInfo.InvariantCulture)];
        await RunCheckedAsync(Program, args, $"cannot create volume '{path}'", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The backing (after <paramref name="backingOption"/>: create's -b, convert's -B) and the -o options of a new qcow2
    /// in libvirt 9.0's order: <paramref name="leadingOptions"/> (an encrypted volume's), preallocation, compat, lazy
    /// refcounts. Without &lt;compat&gt; the image is version 2 (compat 0.10), as libvirt makes it, not qemu-img's 1.1.
    /// </summary>
    internal static List<string> Qcow2Args(StorageVolDef def, string backingOption, IEnumerable<string>? leadingOptions = null)
    {
        var args = new List<string>();
        if (def.BackingPath is { } backing)
        {
            args.AddRange([backingOption, backing]);
            if (def.BackingFormat is { } f) args.AddRange(["-F", StorageVolXml.FormatName(f)]);
        }
        var options = new List<string>(leadingOptions ?? []);
        // Metadata preallocation needs the whole image: qemu-img refuses it over a backing file.
        if (def.PreallocateMetadata && def.BackingPath is null) options.Add("preallocation=metadata");
        options.Add($"compat={def.Compat ?? "0.10"}");
        if (def.LazyRefcounts) options.Add("lazy_refcounts=on");
        args.AddRange(["-o", string.Join(',', options)]);
        return args;
    }

    /// <summary>
    /// qemu-img convert: a copy of <paramref name="source"/> in the new volume's format (zeros are skipped, so the
    /// copy is sparse). No -U: a source a running guest writes is refused by QEMU's lock, as under libvirt.
    /// </summary>
    public static async Task ConvertAsync(string source, VolumeFormat sourceFormat, string target, StorageVolDef def, CancellationToken ct)
    {
        List<string> args = ["convert", "-q", "-f", StorageVolXml.FormatName(sourceFormat), "-O", StorageVolXml.FormatName(def.Format)];
        if (def.Format == VolumeFormat.Qcow2) args.AddRange(Qcow2Args(def, "-B"));
        args.AddRange([source, target]);
        await RunCheckedAsync(Program, args, $"cannot copy '{source}' to '{target}'", ct).ConfigureAwait(false);
    }

    /// <summary>What Debian's QEMU 7.2 prints when its LUKS key-slot benchmark trips over its own sanity check.</summary>
    internal const string PbkdfBenchmarkGlitch = "Unable to get accurate CPU usage";

    /// <summary>
    /// qemu-img create of an encrypted volume (see <see cref="EncryptedImageArgs"/>). Debian's QEMU 7.2 carries a
    /// backported PBKDF benchmark that fails now and then with "Unable to get accurate CPU usage" when its first round
    /// ends before getrusage has counted any time (QEMU fixed it upstream in 2025); the same command then succeeds, so
    /// that one failure is retried, twice at most. Any other failure is reported at once.
    /// </summary>
    public static Task CreateEncryptedAsync(string path, StorageVolDef def, string secretFile, CancellationToken ct) =>
        RunRetryingPbkdfGlitchAsync(Program, EncryptedImageArgs.Create(path, def, secretFile), $"cannot create volume '{path}'", ct);

    /// <summary><see cref="RunCheckedAsync"/>, run again (twice at most) when it fails with <see cref="PbkdfBenchmarkGlitch"/>.</summary>
    internal static async Task RunRetryingPbkdfGlitchAsync(string program, IReadOnlyList<string> args, string what, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (code, _, stderr) = await RunAsync(program, args, ct).ConfigureAwait(false);
            if (code == 0) return;
            if (attempt < 3 && stderr.Contains(PbkdfBenchmarkGlitch, StringComparison.Ordinal)) continue;
            throw StorageErrors.Failed($"{what}: {Path.GetFileName(program)} said: {(stderr.Length > 0 ? stderr : $"exit code {code}")}");
        }
    }

    /// <summary>Runs a program; a non-zero exit is libvirt's operation-failed with the program's own words.</summary>
    public static async Task RunCheckedAsync(string program, IReadOnlyList<string> args, string what, CancellationToken ct)
    {
        var (code, _, stderr) = await RunAsync(program, args, ct).ConfigureAwait(false);
        if (code != 0)
            throw StorageErrors.Failed($"{what}: {Path.GetFileName(program)} said: {(stderr.Length > 0 ? stderr : $"exit code {code}")}");
    }

    public static async Task ResizeAsync(string path, ulong capacity, bool shrink, CancellationToken ct)
    {
        List<string> args = ["resize", "-q", "-f", "qcow2"];
        if (shrink) args.Add("--shrink");
        args.AddRange([path, capacity.ToString(CultureInfo.InvariantCulture)]);
        await RunCheckedAsync(Program, args, $"cannot resize volume '{path}'", ct).ConfigureAwait(false);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw StorageErrors.System($"cannot run {program}");
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
