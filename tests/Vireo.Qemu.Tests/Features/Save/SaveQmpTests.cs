using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Qemu.Driver.Features.Save;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Save;

/// <summary>
/// The QMP of save and restore, pinned in Data/save-qmp.golden.txt. The golden lines were written by hand
/// from QEMU 7.2's qapi/migration.json and misc.json (argument names, the fd: URI, migrate_cancel's
/// underscore), not generated from the code. The MIGRATION events that end a migration are read from
/// QEMU's own wire lines.
/// </summary>
public sealed class SaveQmpTests
{
    private static IEnumerable<(string Case, QmpCommand Command)> Cases()
    {
        yield return ("events-capability", SaveQmp.EnableEvents());
        yield return ("full-speed", SaveQmp.FullSpeed());
        yield return ("getfd-save", QmpCommands.GetFd(SaveQmp.SaveFdName));
        yield return ("migrate", SaveQmp.Migrate(SaveQmp.SaveFdName));
        yield return ("migrate_cancel", SaveQmp.MigrateCancel());
        yield return ("query-migrate", SaveQmp.QueryMigrate());
        yield return ("getfd-restore", QmpCommands.GetFd(SaveQmp.RestoreFdName));
        yield return ("migrate-incoming", SaveQmp.MigrateIncoming(SaveQmp.RestoreFdName));
        yield return ("closefd", SaveQmp.CloseFd(SaveQmp.RestoreFdName));
    }

    [Fact]
    public void Save_and_restore_commands_match_the_golden_file()
    {
        var sb = new StringBuilder();
        long id = 1;
        foreach (var (name, command) in Cases())
            sb.Append(name).Append(' ').Append(command.ToJson(id++)).Append('\n');
        Assert.Equal(File.ReadAllText(Path.Combine(DataDir(), "save-qmp.golden.txt")), sb.ToString());
    }

    [Fact]
    public void Restore_makes_qemu_wait_for_migrate_incoming()
    {
        Assert.Equal(["-incoming", "defer"], SaveQmp.IncomingArguments);
    }

    [Theory]
    [InlineData("completed", "Completed")]
    [InlineData("failed", "Failed")]
    [InlineData("cancelled", "Cancelled")]
    public void Migration_events_that_end_the_stream_are_recognised(string status, string end)
    {
        Assert.Equal(Enum.Parse<MigrationEnd>(end), SaveQmp.EndOf(Event($$$"""{"timestamp": {"seconds": 1700000000, "microseconds": 5}, "event": "MIGRATION", "data": {"status": "{{{status}}}"}}""")));
    }

    [Theory]
    [InlineData("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "MIGRATION", "data": {"status": "setup"}}""")]
    [InlineData("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "MIGRATION", "data": {"status": "active"}}""")]
    [InlineData("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "MIGRATION", "data": {"status": "device"}}""")]
    [InlineData("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "MIGRATION_PASS", "data": {"pass": 1}}""")]
    [InlineData("""{"timestamp": {"seconds": 1, "microseconds": 0}, "event": "STOP"}""")]
    public void Other_events_do_not_end_the_migration(string line)
    {
        Assert.Null(SaveQmp.EndOf(Event(line)));
    }

    [Fact]
    public void Query_migrate_error_desc_is_the_reason_given()
    {
        Assert.Equal("Unable to write to file: No space left on device",
            SaveQmp.ErrorOf(JsonNode.Parse("""{"status": "failed", "error-desc": "Unable to write to file: No space left on device"}""")));
        Assert.Null(SaveQmp.ErrorOf(JsonNode.Parse("""{"status": "cancelled"}""")));
        Assert.Null(SaveQmp.ErrorOf(null));
    }

    private static QmpEvent Event(string line) => Assert.IsType<QmpEvent>(QmpMessage.Parse(Encoding.UTF8.GetBytes(line)));

    private static string DataDir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");
}
