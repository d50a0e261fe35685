using Vireo.Core.Errors;
using Vireo.Drivers.Secrets;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    /// <summary>VIR_SECRET_EVENT_ID_LAST in libvirt 9.0: lifecycle (0) and value changed (1).</summary>
    public const int SecretEventIdCount = 2;

    private readonly object _secretEventGate = new();
    private (int CallbackId, int EventId, Guid? Secret)[] _secretRegistrations = [];
    private ISecrets? _secretEventSource;

    /// <summary>CONNECT_SECRET_EVENT_REGISTER_ANY: a callback id from the daemon-wide counter; events follow as secrets change.</summary>
    internal int RegisterSecretEvent(ISecrets secrets, int eventId, Guid? secret)
    {
        if (eventId < 0 || eventId >= SecretEventIdCount)
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Rpc, $"unsupported secret event ID {eventId}");
        var id = _server.NextCallbackId();
        lock (_secretEventGate)
        {
            _secretRegistrations = [.. _secretRegistrations, (id, eventId, secret)];
            if (_secretEventSource is null)
            {
                _secretEventSource = secrets;
                secrets.Changed += OnSecretEvent;
                // Unhooked when the client goes away, whatever way it goes.
                Closing.Register(() =>
                {
                    lock (_secretEventGate) _secretRegistrations = [];
                    secrets.Changed -= OnSecretEvent;
                });
            }
        }
        return id;
    }

    internal void DeregisterSecretEvent(int callbackId)
    {
        lock (_secretEventGate)
        {
            var kept = _secretRegistrations.Where(r => r.CallbackId != callbackId).ToArray();
            if (kept.Length == _secretRegistrations.Length)
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc, $"secret event callback {callbackId} not registered");
            _secretRegistrations = kept;
        }
    }

    /// <summary>Runs on the thread that changed the secret: only queues messages (Send never blocks).</summary>
    private void OnSecretEvent(SecretEvent e)
    {
        foreach (var (callbackId, eventId, secret) in Volatile.Read(ref _secretRegistrations))
        {
            if (eventId != (int)e.Id) continue;
            if (secret is { } uuid && uuid != e.Secret.Uuid) continue;
            if (!Send(ObjectEventEncoder.Secret(e, callbackId))) return;
        }
    }
}
