using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>DOMAIN_OPEN_CONSOLE: a void reply, then a stream on the call's serial.</summary>
public static class ConsoleProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainOpenConsole, static async (CallContext c, DomainOptionalStringFlagsArgs a) =>
        {
            var session = await c.Driver.Consoles.OpenAsync(a.Dom.Uuid, a.Text,
                replayHistory: (a.Flags & (uint)Vireo.Drivers.Contracts.ConsoleFlags.ReplayHistory) != 0, c.Cancellation).ConfigureAwait(false);
            c.Connection.AttachConsoleStream(c.Header, session);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainOpenConsole") with { OpensStream = true });
    }
}
