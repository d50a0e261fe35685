using Vireo.Snmp.AgentX;

namespace Vireo.Snmp.Set;

/// <summary>What a validated SET does to one guest.</summary>
public enum GuestAction
{
    /// <summary>libvirtGuestState running -> paused.</summary>
    Suspend,
    /// <summary>libvirtGuestState paused -> running.</summary>
    Resume,
    /// <summary>libvirtGuestState running -> shutdown: a graceful, asynchronous guest shutdown.</summary>
    Shutdown,
    /// <summary>libvirtGuestRowStatus createAndGo on a defined, stopped guest.</summary>
    Start,
    /// <summary>createAndGo together with libvirtGuestState = paused in the same request.</summary>
    StartPaused,
    /// <summary>libvirtGuestRowStatus destroy: a hard power-off (the definition stays).</summary>
    Destroy,
}

/// <summary>One action of a SET, with the 1-based position of the varbind that asked for it (for error indexes).</summary>
public sealed record PlannedAction(Guid Uuid, string Name, GuestAction Action, ushort VarBindIndex);

/// <summary>The outcome of TestSet: either an error at a varbind, or the actions CommitSet will run.</summary>
public sealed record SetPlan(AgentXError Error, ushort Index, IReadOnlyList<PlannedAction> Actions)
{
    public static SetPlan Fail(AgentXError error, int index) => new(error, (ushort)index, []);
    public bool Ok => Error == AgentXError.NoError;
}
