using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;

namespace Vireo.Snmp.Set;

/// <summary>
/// TestSet for libvirtGuestTable, pure: decides from the table snapshot whether a SET is acceptable and
/// what it will do. The rules and error codes follow libvirt-snmp (net-snmp's MFD codes mapped to SNMP):
/// <list type="bullet">
/// <item>outside our table: noCreation; a column other than State (3) or RowStatus (9), or SET disabled: notWritable;</item>
/// <item>a malformed index under a writable column: noCreation; not an INTEGER: wrongType;</item>
/// <item>a UUID that is not a defined guest: inconsistentName (rows cannot be created);</item>
/// <item>a value outside the enumeration, or RowStatus notReady/createAndWait/active/notInService: wrongValue;</item>
/// <item>a transition the guest's current state does not allow: inconsistentValue.</item>
/// </list>
/// Allowed: State running->paused, paused->running, running->shutdown; RowStatus createAndGo on a stopped
/// guest (paused if State=paused is set in the same request), destroy on a running or paused one.
/// </summary>
public static class SetValidator
{
    private sealed class RowRequest(GuestRow row)
    {
        public GuestRow Row { get; } = row;
        public (GuestState Value, int Index)? State;
        public (RowStatus Value, int Index)? RowStatus;
    }

    public static SetPlan Validate(IReadOnlyList<VarBind> varBinds, GuestTableSnapshot table, bool allowSet)
    {
        var requests = new Dictionary<Guid, RowRequest>();
        var order = new List<Guid>();
        for (int i = 1; i <= varBinds.Count; i++)
        {
            var vb = varBinds[i - 1];
            if (!vb.Name.StartsWith(LibvirtMib.GuestTable)) return SetPlan.Fail(AgentXError.NoCreation, i);
            if (!allowSet) return SetPlan.Fail(AgentXError.NotWritable, i);
            if (!LibvirtMib.TryParseCell(vb.Name, out uint column, out var uuid))
                return SetPlan.Fail(IsWritableColumn(ColumnOf(vb.Name)) ? AgentXError.NoCreation : AgentXError.NotWritable, i);
            if (!IsWritableColumn(column)) return SetPlan.Fail(AgentXError.NotWritable, i);
            if (vb.Type != VarBindType.Integer) return SetPlan.Fail(AgentXError.WrongType, i);
            var row = table.FindRow(uuid);
            if (row is null) return SetPlan.Fail(AgentXError.InconsistentName, i);
            if (!requests.TryGetValue(uuid, out var req))
            {
                requests[uuid] = req = new RowRequest(row);
                order.Add(uuid);
            }
            int value = vb.IntegerValue;
            if (column == (uint)GuestColumn.State)
            {
                if (value is < (int)GuestState.Running or > (int)GuestState.Crashed) return SetPlan.Fail(AgentXError.WrongValue, i);
                if (req.State is not null) return SetPlan.Fail(AgentXError.InconsistentValue, i);
                req.State = ((GuestState)value, i);
            }
            else
            {
                // notReady/createAndWait can never be set (libvirt-snmp: NOT_VALID_EVER); active and
                // notInService have no meaning for a guest row, and libvirt-snmp only fails them at commit.
                if (value is not ((int)Mib.RowStatus.CreateAndGo or (int)Mib.RowStatus.Destroy)) return SetPlan.Fail(AgentXError.WrongValue, i);
                if (req.RowStatus is not null) return SetPlan.Fail(AgentXError.InconsistentValue, i);
                req.RowStatus = ((RowStatus)value, i);
            }
        }

        var actions = new List<PlannedAction>();
        foreach (var uuid in order)
        {
            var decided = Decide(requests[uuid]);
            if (decided.Error != AgentXError.NoError) return decided;
            actions.AddRange(decided.Actions);
        }
        return new SetPlan(AgentXError.NoError, 0, actions);
    }

    private static SetPlan Decide(RowRequest r)
    {
        var current = r.Row.State;
        PlannedAction Act(GuestAction a, int index) => new(r.Row.Uuid, r.Row.Name, a, (ushort)index);
        if (r.RowStatus is { } rs)
        {
            if (rs.Value == Mib.RowStatus.CreateAndGo)
            {
                if (current != GuestState.Shutoff) return SetPlan.Fail(AgentXError.InconsistentValue, rs.Index);
                return r.State switch
                {
                    null => Single(Act(GuestAction.Start, rs.Index)),
                    { Value: GuestState.Running } => Single(Act(GuestAction.Start, rs.Index)),
                    { Value: GuestState.Paused } => Single(Act(GuestAction.StartPaused, rs.Index)),
                    { } s => SetPlan.Fail(AgentXError.InconsistentValue, s.Index),
                };
            }
            // destroy
            if (r.State is { } st) return SetPlan.Fail(AgentXError.InconsistentValue, st.Index);
            if (current is GuestState.Shutoff) return SetPlan.Fail(AgentXError.InconsistentValue, rs.Index);
            return Single(Act(GuestAction.Destroy, rs.Index));
        }
        var (target, index) = r.State!.Value;
        return (current, target) switch
        {
            (GuestState.Running, GuestState.Paused) => Single(Act(GuestAction.Suspend, index)),
            (GuestState.Paused, GuestState.Running) => Single(Act(GuestAction.Resume, index)),
            (GuestState.Running, GuestState.Shutdown) => Single(Act(GuestAction.Shutdown, index)),
            _ => SetPlan.Fail(AgentXError.InconsistentValue, index),
        };
    }

    private static SetPlan Single(PlannedAction a) => new(AgentXError.NoError, 0, [a]);

    private static bool IsWritableColumn(uint column) => column is (uint)GuestColumn.State or (uint)GuestColumn.RowStatus;

    private static uint ColumnOf(Oid name) =>
        name.Length > LibvirtMib.GuestEntry.Length && name.StartsWith(LibvirtMib.GuestEntry) ? name[LibvirtMib.GuestEntry.Length] : 0;
}
