using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>AUTH_LIST, feature probes, CONNECT_OPEN/CLOSE, URI and close callbacks (§5 of the protocol notes).</summary>
public static class HandshakeProcedures
{
    private static readonly ProcedureOptions Handshake = new() { BeforeOpen = true };

    public static void Register(RpcDispatcher d)
    {
        // Every local client is authenticated by AUTH_LIST, as libvirtd does for uid 0 under polkit.
        d.RegisterSync(RemoteProcedure.AuthList, static (CallContext c, VoidRecord _) =>
        {
            c.Connection.MarkAuthenticated();
            return new AuthListRet([0]);
        }, new ProcedureOptions { BeforeOpen = true, BeforeAuth = true });

        d.RegisterSync(RemoteProcedure.ConnectSupportsFeature, static (CallContext c, IntValue a) => new IntValue(SupportsFeature(c, a.Value)), Handshake);

        d.RegisterSync(RemoteProcedure.ConnectOpen, static (CallContext c, ConnectOpenArgs a) =>
        {
            if (c.Connection.Driver is not null) throw RpcErrors.AlreadyOpen();
            var driver = c.Connection.Server.ResolveDriver(a.Name) ?? throw RpcErrors.NoDriver(a.Name ?? "");
            c.Connection.Open(driver, a.Name, (a.Flags & ConnectOpenArgs.ReadOnly) != 0);
            return default(VoidRecord);
        }, Handshake);

        d.RegisterSync(RemoteProcedure.ConnectClose, static (CallContext c, VoidRecord _) => default(VoidRecord), Handshake);

        d.RegisterSync(RemoteProcedure.ConnectGetUri, static (CallContext c, VoidRecord _) =>
            new StringValue(string.IsNullOrEmpty(c.Connection.OpenedUri) ? c.Driver.Host.CanonicalUri : c.Connection.OpenedUri));

        d.RegisterSync(RemoteProcedure.ConnectRegisterCloseCallback, static (CallContext c, VoidRecord _) =>
        {
            c.Connection.CloseCallbackRegistered = true;
            return default(VoidRecord);
        });
        d.RegisterSync(RemoteProcedure.ConnectUnregisterCloseCallback, static (CallContext c, VoidRecord _) =>
        {
            c.Connection.CloseCallbackRegistered = false;
            return default(VoidRecord);
        });

        // Local Unix socket: libvirtd reports it secure (no one else can read it).
        d.RegisterSync(RemoteProcedure.ConnectIsSecure, static (CallContext c, VoidRecord _) => new IntValue(1));
    }

    private static int SupportsFeature(CallContext c, int feature)
    {
        if (feature == RemoteFeatures.ProgramKeepalive)
        {
            // Asking is what switches the server's keepalive on for this client (libvirtd does the same).
            c.Connection.EnableKeepalive();
            return 1;
        }
        if (c.Connection.Driver is null) throw RpcErrors.NotOpen();
        return feature switch
        {
            RemoteFeatures.TypedParamString or RemoteFeatures.RemoteEventCallback or RemoteFeatures.RemoteCloseCallback
                or RemoteFeatures.XmlMigratable or RemoteFeatures.NetworkUpdateHasCorrectOrder => 1,
            _ => 0,
        };
    }
}
