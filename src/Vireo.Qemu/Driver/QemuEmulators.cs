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
    /// <summary>
    /// How often the start-up probe is tried. A probe can fail for a passing reason (on a loaded host QEMU
    /// may not answer within the probe's timeout), and without the default emulator's capabilities the
    /// daemon offers no guest types at all: virt-install then refuses with "Host does not support any
    /// virtualization options", as one loaded CI run showed.
    /// </summary>
    public const int StartupAttempts = 3;

    public string DefaultPath => defaultPath;

    /// <summary>The default emulator's capabilities once probed; null before, or when the probe failed.</summary>
    public QemuEmulatorCaps? Default { get; private set; }

    /// <summary>Why the default emulator could not be probed (a sentence), if it could not.</summary>
    public string? DefaultProblem { get; private set; }

    /// <param name="retrying">Told of each failed attempt that is tried again (attempt number, the failure).</param>
    public async Task LoadDefaultAsync(CancellationToken ct, Action<int, string>? retrying = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Default = await GetAsync(defaultPath, ct).ConfigureAwait(false);
                DefaultProblem = null;
                return;
            }
            catch (VirException e) when (e.Code == VirErrorCode.InternalError && attempt < StartupAttempts)
            {
                retrying?.Invoke(attempt, e.Message); // only a failed probe; a missing binary stays missing
            }
            catch (VirException e)
            {
                DefaultProblem = e.Message;
                return;
            }
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
            var caps = await cache.GetAsync(path, ct).ConfigureAwait(false);
            if (path == defaultPath && Default is null)
            {
                Default = caps; // a later probe repairs a start-up probe that failed
                DefaultProblem = null;
            }
            return caps;
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
