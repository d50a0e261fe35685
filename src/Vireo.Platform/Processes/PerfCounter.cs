using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Vireo.Platform.Native;

namespace Vireo.Platform.Processes;

/// <summary>
/// One kernel perf counter on a process (perf_event_open with pid, any CPU, no group), as libvirt opens one per
/// enabled domain perf event: created disabled with inherit set, so threads the process creates later count too,
/// then enabled by ioctl. Reading gives the running count (read_format 0: one u64). Disposing disables and closes it.
/// </summary>
public sealed unsafe partial class PerfCounter : IDisposable
{
    private const ulong IocEnable = 0x2400, IocDisable = 0x2401, FlagFdCloexec = 8;
    private readonly Lock _gate = new();
    private int _fd;

    private PerfCounter(int fd) => _fd = fd;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, byte* attr, int pid, int cpu, int groupFd, ulong flags);

    /// <summary>
    /// perf_event_attr as PERF_ATTR_SIZE_VER0 (64 bytes, which every kernel with perf accepts): type, size, config,
    /// and the flag word with disabled (bit 0) and inherit (bit 1); everything else zero. Pure.
    /// </summary>
    public static byte[] Attr(uint type, ulong config)
    {
        var a = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(0), type);
        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(4), (uint)a.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(a.AsSpan(8), config);
        BinaryPrimitives.WriteUInt64LittleEndian(a.AsSpan(40), 0b11); // disabled | inherit
        return a;
    }

    /// <summary>Opens and enables the counter on <paramref name="pid"/>; a PlatformException carries the kernel's errno.</summary>
    public static PerfCounter Open(uint type, ulong config, int pid)
    {
        var number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 298L,
            Architecture.Arm64 => 241L,
            var other => throw new PlatformNotSupportedException($"perf_event_open is not wired for {other}."),
        };
        var attr = Attr(type, config);
        int fd;
        fixed (byte* p = attr)
            fd = checked((int)Syscall(number, p, pid, -1, -1, FlagFdCloexec)); // never inherited by QEMU or helpers spawned later
        var what = string.Create(CultureInfo.InvariantCulture, $"open perf counter type={type} config={config} on process {pid}");
        PlatformException.ThrowIfNegative(fd, what);
        var counter = new PerfCounter(fd);
        if (LibC.IoctlInt(fd, IocEnable, 0) < 0)
        {
            var e = PlatformException.FromLastError($"enable perf counter type={type} config={config} on process {pid}");
            counter.Dispose();
            throw e;
        }
        return counter;
    }

    /// <summary>The count so far (nanoseconds for the clocks, events for the others).</summary>
    public ulong Read()
    {
        ulong value;
        nint n;
        lock (_gate) // a closed fd number could be reused by another file meanwhile
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            n = LibC.Read(_fd, &value, sizeof(ulong));
        }
        if (n != sizeof(ulong)) throw n < 0 ? PlatformException.FromLastError("read a perf counter") : new IOException("A perf counter read returned a short count.");
        return value;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd < 0) return;
            LibC.IoctlInt(_fd, IocDisable, 0);
            LibC.Close(_fd);
            _fd = -1;
        }
    }
}
