using System.Globalization;
using Vireo.Core.Errors;
using Vireo.Platform.Files;

namespace Vireo.Qemu.Driver;

/// <summary>
/// One engine per state directory: two engines would both try to be the only client of each guest's
/// monitor and serial sockets (QEMU accepts one), and one would decide the other's guests are
/// unreachable. The lock is an exclusive flock (FileShare.None) on RUN/engine.lock, released when the
/// engine is disposed or its process exits; a second engine waits a while for it, then says who holds it.
/// </summary>
internal sealed class EngineLock : IDisposable
{
    private readonly FileStream _file;

    private EngineLock(FileStream file) => _file = file;

    public static async Task<EngineLock> AcquireAsync(string runDir, TimeSpan wait, CancellationToken ct)
    {
        DirectoryLayout.Ensure(runDir);
        var path = Path.Combine(runDir, "engine.lock");
        var deadline = DateTime.UtcNow + wait;
        int delayMs = 5;
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // The holder's pid, for the message a second engine gives (the lock file itself cannot be read while held).
                File.WriteAllText(Path.Combine(runDir, "engine.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
                return new EngineLock(file);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(delayMs, ct).ConfigureAwait(false);
                delayMs = Math.Min(delayMs * 2, 100);
            }
            catch (IOException)
            {
                var holder = ReadHolder(Path.Combine(runDir, "engine.pid"));
                throw VirErrors.Failed(
                    $"the QEMU state directory {Path.GetDirectoryName(runDir)} is in use by another Vireo engine (pid {holder}); wait for it to finish or use another root");
            }
        }
    }

    private static string ReadHolder(string pidFile)
    {
        try
        {
            return File.ReadAllText(pidFile).Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public void Dispose() => _file.Dispose();
}
