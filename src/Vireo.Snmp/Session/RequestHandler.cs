using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Set;

namespace Vireo.Snmp.Session;

/// <summary>
/// Answers the requests a master sends (RFC 2741 §7.2). Get, GetNext and GetBulk are answered at once
/// from the current table snapshot, never from a driver, so the master's timeout cannot be hit by a busy
/// hypervisor. Only CommitSet and UndoSet may wait (bounded), and the session runs those off its reader.
/// </summary>
public sealed class RequestHandler(Func<GuestTableSnapshot> table, SetTransactions sets, Func<uint> sysUpTime)
{
    /// <summary>True for the requests that may take time and must not hold up the reader loop.</summary>
    public static bool IsSlow(Pdu request) => request is CommitSetPdu or UndoSetPdu;

    /// <summary>The Response to send, or null when the RFC says none (CleanupSet).</summary>
    public async ValueTask<ResponsePdu?> HandleAsync(Pdu request, CancellationToken ct)
    {
        // We registered in the default context only; a master would not route other contexts to us.
        if (request.Context is not null && request is not CleanupSetPdu)
            return Reply(request, AgentXError.UnsupportedContext);
        switch (request)
        {
            case GetPdu get:
            {
                var t = table();
                return Reply(request, varBinds: [.. get.Ranges.Select(r => t.Get(r.Start))]);
            }
            case GetNextPdu next:
            {
                var t = table();
                return Reply(request, varBinds: [.. next.Ranges.Select(t.GetNext)]);
            }
            case GetBulkPdu bulk:
                return Reply(request, varBinds: table().GetBulk(bulk.NonRepeaters, bulk.MaxRepetitions, bulk.Ranges));
            case TestSetPdu test:
            {
                var (error, index) = sets.Test(request.Header.TransactionId, test.VarBinds);
                return Reply(request, error, index);
            }
            case CommitSetPdu:
            {
                var (error, index) = await sets.CommitAsync(request.Header.TransactionId, ct).ConfigureAwait(false);
                return Reply(request, error, index);
            }
            case UndoSetPdu:
            {
                var (error, index) = await sets.UndoAsync(request.Header.TransactionId, ct).ConfigureAwait(false);
                return Reply(request, error, index);
            }
            case CleanupSetPdu:
                sets.Cleanup(request.Header.TransactionId);
                return null; // §6.2.9: CleanupSet has no Response
            case PingPdu:
                return Reply(request);
            default:
                // Open, Register, Notify, ... are for a master to receive, not a subagent.
                return Reply(request, AgentXError.ProcessingError);
        }
    }

    private ResponsePdu Reply(Pdu request, AgentXError error = AgentXError.NoError, ushort index = 0, IReadOnlyList<VarBind>? varBinds = null) =>
        ResponsePdu.To(request, sysUpTime(), error, index, varBinds);
}
