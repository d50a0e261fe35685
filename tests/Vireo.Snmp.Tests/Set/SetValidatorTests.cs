using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Set;
using static Vireo.Snmp.Tests.Mib.GuestTableSnapshotTests;

namespace Vireo.Snmp.Tests.Set;

/// <summary>The TestSet matrix of the research note (§1.5), checked against the recipe's table.</summary>
public class SetValidatorTests
{
    private static readonly GuestTableSnapshot Table = RecipeTable(); // Alpha running, Beta shutoff, High paused

    private static Oid Cell(GuestColumn c, Guid g) => LibvirtMib.Cell(c, LibvirtMib.IndexBytes(g));

    private static SetPlan Validate(bool allowSet = true, params VarBind[] vbs) => SetValidator.Validate(vbs, Table, allowSet);

    [Theory]
    [InlineData(3, GuestAction.Suspend)]   // running -> paused
    [InlineData(4, GuestAction.Shutdown)]  // running -> shutdown
    public void State_changes_of_a_running_guest(int target, GuestAction action)
    {
        var p = Validate(true, VarBind.Integer(Cell(GuestColumn.State, Alpha), target));
        Assert.True(p.Ok);
        Assert.Equal(new PlannedAction(Alpha, "vm-alpha", action, 1), Assert.Single(p.Actions));
    }

    [Fact]
    public void Paused_guest_resumes()
    {
        var p = Validate(true, VarBind.Integer(Cell(GuestColumn.State, High), 1));
        Assert.Equal(GuestAction.Resume, Assert.Single(p.Actions).Action);
    }

    [Fact]
    public void Row_status_starts_a_stopped_guest_and_destroys_a_running_one()
    {
        Assert.Equal(GuestAction.Start, Assert.Single(Validate(true, VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 4)).Actions).Action);
        Assert.Equal(GuestAction.Destroy, Assert.Single(Validate(true, VarBind.Integer(Cell(GuestColumn.RowStatus, Alpha), 6)).Actions).Action);
        Assert.Equal(GuestAction.Destroy, Assert.Single(Validate(true, VarBind.Integer(Cell(GuestColumn.RowStatus, High), 6)).Actions).Action);
    }

    [Fact]
    public void CreateAndGo_with_state_paused_in_the_same_request_starts_paused()
    {
        var p = Validate(true,
            VarBind.Integer(Cell(GuestColumn.State, Beta), 3),
            VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 4));
        Assert.True(p.Ok);
        Assert.Equal(new PlannedAction(Beta, "vm-beta", GuestAction.StartPaused, 2), Assert.Single(p.Actions));
    }

    [Fact]
    public void Several_guests_in_one_request_give_one_action_each_in_order()
    {
        var p = Validate(true,
            VarBind.Integer(Cell(GuestColumn.State, Alpha), 3),
            VarBind.Integer(Cell(GuestColumn.State, High), 1));
        Assert.Equal([GuestAction.Suspend, GuestAction.Resume], p.Actions.Select(a => a.Action));
    }

    public static TheoryData<string, VarBind[], AgentXError, int> Rejections => new()
    {
        { "set disabled", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 3)], AgentXError.NotWritable, 1 },
        { "outside our table", [VarBind.Integer(Oid.Parse("1.3.6.1.2.1.1.5.0"), 3)], AgentXError.NoCreation, 1 },
        { "read-only name column", [VarBind.OctetString(Cell(GuestColumn.Name, Alpha), "x")], AgentXError.NotWritable, 1 },
        { "cpu count column", [VarBind.Gauge32(Cell(GuestColumn.CpuCount, Alpha), 4)], AgentXError.NotWritable, 1 },
        { "notify-only uuid column", [VarBind.OctetString(Cell(GuestColumn.Uuid, Alpha), "x")], AgentXError.NotWritable, 1 },
        { "short index under state", [VarBind.Integer(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3.1.2.3"), 3)], AgentXError.NoCreation, 1 },
        { "index sub-id above 255", [VarBind.Integer(LibvirtMib.GuestEntry.Append(3, 300, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 3)], AgentXError.NoCreation, 1 },
        { "state as a string", [VarBind.OctetString(Cell(GuestColumn.State, Alpha), "paused")], AgentXError.WrongType, 1 },
        { "state as a gauge", [VarBind.Gauge32(Cell(GuestColumn.State, Alpha), 3)], AgentXError.WrongType, 1 },
        { "unknown uuid", [VarBind.Integer(Cell(GuestColumn.State, Guid.Parse("00000000-0000-0000-0000-000000000009")), 3)], AgentXError.InconsistentName, 1 },
        { "state 0", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 0)], AgentXError.WrongValue, 1 },
        { "state 7", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 7)], AgentXError.WrongValue, 1 },
        { "rowstatus notReady", [VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 3)], AgentXError.WrongValue, 1 },
        { "rowstatus createAndWait", [VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 5)], AgentXError.WrongValue, 1 },
        { "rowstatus active", [VarBind.Integer(Cell(GuestColumn.RowStatus, Alpha), 1)], AgentXError.WrongValue, 1 },
        { "rowstatus notInService", [VarBind.Integer(Cell(GuestColumn.RowStatus, Alpha), 2)], AgentXError.WrongValue, 1 },
        { "rowstatus 7", [VarBind.Integer(Cell(GuestColumn.RowStatus, Alpha), 7)], AgentXError.WrongValue, 1 },
        { "shutoff -> paused", [VarBind.Integer(Cell(GuestColumn.State, Beta), 3)], AgentXError.InconsistentValue, 1 },
        { "running -> running", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 1)], AgentXError.InconsistentValue, 1 },
        { "running -> crashed", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 6)], AgentXError.InconsistentValue, 1 },
        { "paused -> shutdown", [VarBind.Integer(Cell(GuestColumn.State, High), 4)], AgentXError.InconsistentValue, 1 },
        { "createAndGo on a running guest", [VarBind.Integer(Cell(GuestColumn.RowStatus, Alpha), 4)], AgentXError.InconsistentValue, 1 },
        { "destroy on a stopped guest", [VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 6)], AgentXError.InconsistentValue, 1 },
        { "createAndGo with state shutdown", [VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 4), VarBind.Integer(Cell(GuestColumn.State, Beta), 4)], AgentXError.InconsistentValue, 2 },
        { "destroy together with a state", [VarBind.Integer(Cell(GuestColumn.RowStatus, Alpha), 6), VarBind.Integer(Cell(GuestColumn.State, Alpha), 3)], AgentXError.InconsistentValue, 2 },
        { "same cell twice", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 3), VarBind.Integer(Cell(GuestColumn.State, Alpha), 4)], AgentXError.InconsistentValue, 2 },
        { "second varbind bad", [VarBind.Integer(Cell(GuestColumn.State, Alpha), 3), VarBind.Integer(Cell(GuestColumn.CpuTime, Alpha), 3)], AgentXError.NotWritable, 2 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Bad_sets_are_refused_with_the_error_and_index_of_the_culprit(string what, VarBind[] vbs, AgentXError error, int index)
    {
        var p = Validate(what != "set disabled", vbs);
        Assert.Equal((error, (ushort)index), (p.Error, p.Index));
        Assert.Empty(p.Actions);
    }
}
