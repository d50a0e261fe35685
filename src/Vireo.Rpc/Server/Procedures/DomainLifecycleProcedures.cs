using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// Changes to domains. Each runs asynchronously (the driver takes the domain's job) so other calls on the
/// same connection keep being answered; all are refused on read-only connections.
/// </summary>
public static class DomainLifecycleProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainDefineXml, static async (CallContext c, StringValue a) =>
            new DomainRet(await c.Driver.Lifecycle.DefineAsync(a.Value, DefineFlags.None, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainDefineXML"));
        d.Register(RemoteProcedure.DomainDefineXmlFlags, static async (CallContext c, StringFlagsArgs a) =>
            new DomainRet(await c.Driver.Lifecycle.DefineAsync(a.Text, (DefineFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainDefineXMLFlags"));
        d.Register(RemoteProcedure.DomainUndefine, static async (CallContext c, DomainArgs a) =>
        {
            await c.Driver.Lifecycle.UndefineAsync(a.Dom.Uuid, UndefineFlags.None, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainUndefine"));
        d.Register(RemoteProcedure.DomainUndefineFlags, static async (CallContext c, DomainFlagsArgs a) =>
        {
            await c.Driver.Lifecycle.UndefineAsync(a.Dom.Uuid, (UndefineFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainUndefineFlags"));

        d.Register(RemoteProcedure.DomainCreate, static async (CallContext c, DomainArgs a) =>
        {
            await c.Driver.Lifecycle.StartAsync(a.Dom.Uuid, CreateFlags.None, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainCreate"));
        d.Register(RemoteProcedure.DomainCreateWithFlags, static async (CallContext c, DomainFlagsArgs a) =>
            new DomainRet(await c.Driver.Lifecycle.StartAsync(a.Dom.Uuid, (CreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainCreateWithFlags"));
        d.Register(RemoteProcedure.DomainCreateXml, static async (CallContext c, StringFlagsArgs a) =>
            new DomainRet(await c.Driver.Lifecycle.CreateTransientAsync(a.Text, (CreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainCreateXML"));

        RegisterVoid(d, RemoteProcedure.DomainShutdown, "virDomainShutdown",
            static (c, a) => c.Driver.Lifecycle.ShutdownAsync(a.Dom.Uuid, ShutdownFlags.Default, c.Cancellation));
        RegisterVoidFlags(d, RemoteProcedure.DomainShutdownFlags, "virDomainShutdownFlags",
            static (c, a) => c.Driver.Lifecycle.ShutdownAsync(a.Dom.Uuid, (ShutdownFlags)a.Flags, c.Cancellation));
        RegisterVoid(d, RemoteProcedure.DomainDestroy, "virDomainDestroy",
            static (c, a) => c.Driver.Lifecycle.DestroyAsync(a.Dom.Uuid, DestroyFlags.Default, c.Cancellation));
        RegisterVoidFlags(d, RemoteProcedure.DomainDestroyFlags, "virDomainDestroyFlags",
            static (c, a) => c.Driver.Lifecycle.DestroyAsync(a.Dom.Uuid, (DestroyFlags)a.Flags, c.Cancellation));
        RegisterVoidFlags(d, RemoteProcedure.DomainReboot, "virDomainReboot",
            static (c, a) => c.Driver.Lifecycle.RebootAsync(a.Dom.Uuid, (ShutdownFlags)a.Flags, c.Cancellation));
        RegisterVoidFlags(d, RemoteProcedure.DomainReset, "virDomainReset",
            static (c, a) => c.Driver.Lifecycle.ResetAsync(a.Dom.Uuid, c.Cancellation));
        RegisterVoid(d, RemoteProcedure.DomainSuspend, "virDomainSuspend",
            static (c, a) => c.Driver.Lifecycle.SuspendAsync(a.Dom.Uuid, c.Cancellation));
        RegisterVoid(d, RemoteProcedure.DomainResume, "virDomainResume",
            static (c, a) => c.Driver.Lifecycle.ResumeAsync(a.Dom.Uuid, c.Cancellation));

        d.Register(RemoteProcedure.DomainSetAutostart, static async (CallContext c, DomainIntArgs a) =>
        {
            await c.Driver.Lifecycle.SetAutostartAsync(a.Dom.Uuid, a.Value != 0, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetAutostart"));
        // The reply is libvirt's retcode (0); the client renames its own domain object from the arguments.
        d.Register(RemoteProcedure.DomainRename, static async (CallContext c, DomainOptionalStringFlagsArgs a) =>
        {
            await c.Driver.Lifecycle.RenameAsync(a.Dom.Uuid, a.Text!, a.Flags, c.Cancellation).ConfigureAwait(false);
            return new IntValue(0);
        }, ProcedureOptions.Write("virDomainRename"));
    }

    private static void RegisterVoid(RpcDispatcher d, RemoteProcedure proc, string api, Func<CallContext, DomainArgs, ValueTask> action) =>
        d.Register(proc, async (CallContext c, DomainArgs a) =>
        {
            await action(c, a).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api));

    private static void RegisterVoidFlags(RpcDispatcher d, RemoteProcedure proc, string api, Func<CallContext, DomainFlagsArgs, ValueTask> action) =>
        d.Register(proc, async (CallContext c, DomainFlagsArgs a) =>
        {
            await action(c, a).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api));
}
