using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Dump;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Dump;

/// <summary>
/// The QMP of a memory-only dump, pinned in Data/dump-qmp.golden.txt (written by hand from QEMU 7.2's
/// qapi/dump.json: paging, protocol "fd:NAME", format, detach). The replies and DUMP_COMPLETED events are
/// QEMU 7.2's own wire lines, captured from qemu-system-x86_64 on this machine.
/// </summary>
public sealed class DumpQmpTests
{
    [Fact]
    public void Dump_commands_match_the_golden_file()
    {
        (string, QmpCommand)[] cases =
        [
            ("capability", DumpQmp.QueryCapability()),
            ("getfd", QmpCommands.GetFd(DumpQmp.FdName)),
            ("dump-elf", DumpQmp.DumpGuestMemory(DumpQmp.FdName, DumpQmp.FormatName(CoreDumpFormat.Raw))),
            ("dump-kdump-zlib", DumpQmp.DumpGuestMemory(DumpQmp.FdName, DumpQmp.FormatName(CoreDumpFormat.KdumpZlib))),
            ("query-dump", DumpQmp.QueryDump()),
        ];
        var sb = new StringBuilder();
        long id = 1;
        foreach (var (name, command) in cases) sb.Append(name).Append(' ').Append(command.ToJson(id++)).Append('\n');
        Assert.Equal(File.ReadAllText(Path.Combine(DataDir(), "dump-qmp.golden.txt")), sb.ToString());
    }

    [Theory]
    [InlineData(CoreDumpFormat.Raw, "elf")]
    [InlineData(CoreDumpFormat.KdumpZlib, "kdump-zlib")]
    [InlineData(CoreDumpFormat.KdumpLzo, "kdump-lzo")]
    [InlineData(CoreDumpFormat.KdumpSnappy, "kdump-snappy")]
    [InlineData(CoreDumpFormat.WinDmp, "win-dmp")]
    public void Libvirt_formats_are_qemus_names(CoreDumpFormat format, string qemu) => Assert.Equal(qemu, DumpQmp.FormatName(format));

    [Fact]
    public void The_capability_reply_lists_what_this_qemu_writes()
    {
        var formats = DumpQmp.Formats(JsonNode.Parse("""{"formats": ["elf", "kdump-zlib", "win-dmp"]}"""));
        Assert.Equal(["elf", "kdump-zlib", "win-dmp"], formats.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("kdump-lzo", formats);
    }

    [Fact]
    public void Dump_completed_tells_success_from_qemus_error()
    {
        Assert.Equal("", DumpQmp.FailureOf(Event("""{"timestamp": {"seconds": 1796128581, "microseconds": 655173}, "event": "DUMP_COMPLETED", "data": {"result": {"total": 17039360, "status": "completed", "completed": 17039360}}}""")));
        Assert.Equal("win-dump: invalid vmcoreinfo note size", DumpQmp.FailureOf(Event("""{"timestamp": {"seconds": 1796129187, "microseconds": 346468}, "event": "DUMP_COMPLETED", "data": {"result": {"total": 17039360, "status": "failed", "completed": 0}, "error": "win-dump: invalid vmcoreinfo note size"}}""")));
        Assert.Equal("unknown reason", DumpQmp.FailureOf(Event("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "DUMP_COMPLETED", "data": {"result": {"total": 16, "status": "failed", "completed": 0}}}""")));
        Assert.Null(DumpQmp.FailureOf(Event("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "STOP"}""")));
    }

    [Fact]
    public void Query_dump_is_the_memory_progress()
    {
        Assert.Equal(new MemoryProgress(17039360, 4096), DumpQmp.ProgressOf(JsonNode.Parse("""{"total": 17039360, "status": "active", "completed": 4096}""")));
        Assert.Equal(17035264UL, DumpQmp.ProgressOf(JsonNode.Parse("""{"total": 17039360, "status": "active", "completed": 4096}"""))!.Remaining);
        Assert.Equal(new MemoryProgress(0, 0), DumpQmp.ProgressOf(JsonNode.Parse("""{"total": 0, "status": "none", "completed": 0}""")));
        Assert.Null(DumpQmp.ProgressOf(null));
    }

    private static QmpEvent Event(string line) => Assert.IsType<QmpEvent>(QmpMessage.Parse(Encoding.UTF8.GetBytes(line)));

    private static string DataDir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");
}
