using System.Diagnostics;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// qemu-img for the image operations on disks no QEMU has open: merging a layer into its backing
/// (commit), re-pointing an image at another backing (rebase), and sizes (info). Live guests use QMP
/// block jobs instead. A failure is a VirException quoting what qemu-img said.
/// </summary>
internal static class QemuImg
{
    public static string Program { get; set; } = "/usr/bin/qemu-img";

    /// <summary>Writes the data of <paramref name="top"/> into its backing image <paramref name="baseImage"/> (top is then useless and removed by the caller).</summary>
    public static Task CommitAsync(string top, string baseImage, CancellationToken ct) =>
        RunAsync(["commit", "-q", "-b", baseImage, top], $"merge '{top}' into '{baseImage}'", ct);

    /// <summary>
    /// Makes <paramref name="image"/> use <paramref name="newBacking"/>. Unsafe mode only rewrites the
    /// header: right when the new backing already holds the same data (after a commit).
    /// </summary>
    public static Task RebaseUnsafeAsync(string image, string newBacking, DiskFormat backingFormat, CancellationToken ct) =>
        RunAsync(["rebase", "-q", "-u", "-f", "qcow2", "-F", FormatName(backingFormat), "-b", newBacking, image],
            $"point '{image}' at backing '{newBacking}'", ct);

    /// <summary>
    /// Writes a new image of <paramref name="size"/> bytes into <paramref name="path"/> (a block copy's destination).
    /// A backing image is named without being opened (-u): the running guest holds it.
    /// </summary>
    public static Task CreateAsync(string path, DiskFormat format, ulong size, ImageRef? backing, CancellationToken ct) =>
        RunAsync(backing is { } b
            ? ["create", "-q", "-f", FormatName(format), "-u", "-b", b.Path, "-F", FormatName(b.Format), path, size.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["create", "-q", "-f", FormatName(format), path, size.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            $"create the copy destination '{path}'", ct);

    /// <summary>The format qemu-img finds in an existing image (a reused block copy destination given without one).</summary>
    public static async Task<string> ProbeFormatAsync(string image, CancellationToken ct)
    {
        var output = await RunAsync(["info", "-U", "--output=json", image], $"read the format of '{image}'", ct).ConfigureAwait(false);
        return (string?)JsonNode.Parse(output)?["format"] ?? "raw";
    }

    /// <summary>qemu-img info -U (allowed while a guest holds the image): virtual size and bytes allocated on the host.</summary>
    public static async Task<(ulong VirtualSize, ulong ActualSize)> InfoAsync(string image, CancellationToken ct)
    {
        var output = await RunAsync(["info", "-U", "--output=json", image], $"read the size of '{image}'", ct).ConfigureAwait(false);
        var json = JsonNode.Parse(output);
        return ((ulong)((long?)json?["virtual-size"] ?? 0), (ulong)((long?)json?["actual-size"] ?? 0));
    }

    public static string FormatName(DiskFormat f) => f == DiskFormat.Qcow2 ? "qcow2" : "raw";

    private static async Task<string> RunAsync(IReadOnlyList<string> args, string what, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw VirErrors.System($"cannot {what}: {Program} cannot be run ({e.Message})");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            try
            {
                await p.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw;
            }
            var err = (await stderr.ConfigureAwait(false)).Trim();
            if (p.ExitCode != 0)
                throw VirErrors.Failed($"cannot {what}: qemu-img said: {(err.Length > 0 ? err : $"exit code {p.ExitCode}")}");
            return await stdout.ConfigureAwait(false);
        }
    }
}
