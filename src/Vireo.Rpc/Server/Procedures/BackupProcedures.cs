using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virDomainBackupBegin and virDomainBackupGetXMLDesc over the driver's <see cref="IDomainBackups"/> (a driver
/// without backups answers VIR_ERR_NO_SUPPORT). The job itself is then the domain's long job: domjobinfo
/// reads it and domjobabort ends it (<see cref="VcpuAndJobProcedures"/>, <see cref="DomainControlProcedures"/>).
/// </summary>
public static class BackupProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainBackupBegin, static async (CallContext c, DomainBackupBeginArgs a) =>
        {
            await c.Feature<IDomainBackups>("virDomainBackupBegin").BeginAsync(a.Dom.Uuid, a.BackupXml, a.CheckpointXml, (BackupBeginFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainBackupBegin"));
        d.RegisterSync(RemoteProcedure.DomainBackupGetXmlDesc, static (CallContext c, DomainFlagsArgs a) =>
            new StringValue(c.Feature<IDomainBackups>("virDomainBackupGetXMLDesc").Xml(a.Dom.Uuid, a.Flags)));
    }
}
