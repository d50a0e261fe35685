using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver;

/// <summary>
/// The emulator binaries' probed capabilities (through the shared cache, so each build is probed once).
/// The default emulator is probed when the driver starts, so that the host's synchronous answers
/// (capabilities, version) never wait on a probe.
/// </summary>
internal sealed class QemuEmulators(QemuCapsCache cache, string defaultPath)
{
    public string DefaultPath => defaultPath;

    /// <summary>The default emulator's capabilities once probed; null before, or when the probe failed.</summary>
    public QemuEmulatorCaps? Default { get; private set; }

    /// <summary>Why the default emulator could not be probed (a sentence), if it could not.</summary>
    public string? DefaultProblem { get; private set; }

    public async Task LoadDefaultAsync(CancellationToken ct)
    {
        try
        {
            Default = await GetAsync(defaultPath, ct).ConfigureAwait(false);
            DefaultProblem = null;
        }
        catch (VirException e)
        {
            DefaultProblem = e.Message;
        }
    }

    /// <summary>The capabilities of an emulator, or a whole-sentence error saying why it cannot be used.</summary>
    public async Task<QemuEmulatorCaps> GetAsync(string? path, CancellationToken ct)
    {
        path ??= defaultPath;
        if (!Path.IsPathRooted(path))
            throw VirErrors.Unsupported($"the emulator path '{path}' is not absolute", VirErrorDomain.Qemu);
        if (!File.Exists(path))
            throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Qemu, $"Cannot find QEMU binary {path}: No such file or directory");
        try
        {
            return await cache.GetAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or FormatException or System.Text.Json.JsonException or Platform.Native.PlatformException)
        {
            throw VirErrors.Internal($"the emulator {path} could not be probed: {e.Message}");
        }
    }

    /// <summary>The capabilities for synchronous host queries: the default emulator's, or an error saying why there are none.</summary>
    public QemuEmulatorCaps RequireDefault() =>
        Default ?? throw VirErrors.Internal(DefaultProblem ?? $"the emulator {defaultPath} has not been probed yet (the driver has not started)");
}
