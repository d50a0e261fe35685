namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// The procedures every Vireo daemon answers. Feature areas (snapshots, tuning, devices, ...) add theirs
/// with their own registration classes calling <see cref="RpcDispatcher.Register{TArgs,TRet}"/>.
/// </summary>
public static class StandardProcedures
{
    public static void Register(RpcDispatcher d)
    {
        HandshakeProcedures.Register(d);
        HostProcedures.Register(d);
        DomainListProcedures.Register(d);
        DomainQueryProcedures.Register(d);
        DomainStatsProcedures.Register(d);
        DomainLifecycleProcedures.Register(d);
        EventProcedures.Register(d);
        ConsoleProcedures.Register(d);
        DebugProcedures.Register(d);
        GraphicsProcedures.Register(d);
    }
}
