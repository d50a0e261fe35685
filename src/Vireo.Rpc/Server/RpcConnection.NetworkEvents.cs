using Vireo.Core.Errors;
using Vireo.Drivers.Networks;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    /// <summary>VIR_NETWORK_EVENT_ID_LAST in libvirt 9.0: lifecycle (0) only.</summary>
    public const int NetworkEventIdCount = 1;

    private readonly object _networkEventGate = new();
    private (int CallbackId, int EventId, Guid? Network)[] _networkRegistrations = [];
    private INetworks? _networkEventSource;

    /// <summary>CONNECT_NETWORK_EVENT_REGISTER_ANY: a callback id from the daemon-wide counter; events follow as the networks change.</summary>
    internal int RegisterNetworkEvent(INetworks networks, int eventId, Guid? network)
    {
        if (eventId < 0 || eventId >= NetworkEventIdCount)
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Rpc, $"unsupported network event ID {eventId}");
        var id = _server.NextCallbackId();
        lock (_networkEventGate)
        {
            _networkRegistrations = [.. _networkRegistrations, (id, eventId, network)];
            if (_networkEventSource is null)
            {
                _networkEventSource = networks;
                networks.Changed += OnNetworkEvent;
                // Unhooked when the client goes away, whatever way it goes.
                Closing.Register(() =>
                {
                    lock (_networkEventGate) _networkRegistrations = [];
                    networks.Changed -= OnNetworkEvent;
                });
            }
        }
        return id;
    }

    internal void DeregisterNetworkEvent(int callbackId)
    {
        lock (_networkEventGate)
        {
            var kept = _networkRegistrations.Where(r => r.CallbackId != callbackId).ToArray();
            if (kept.Length == _networkRegistrations.Length)
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc, $"network event callback {callbackId} not registered");
            _networkRegistrations = kept;
        }
    }

    /// <summary>Runs on the thread that changed the network: only queues messages (Send never blocks).</summary>
    private void OnNetworkEvent(NetworkEvent e)
    {
        foreach (var (callbackId, _, network) in Volatile.Read(ref _networkRegistrations))
        {
            if (network is { } uuid && uuid != e.Network.Uuid) continue;
            if (!Send(ObjectEventEncoder.Network(e, callbackId))) return;
        }
    }
}
