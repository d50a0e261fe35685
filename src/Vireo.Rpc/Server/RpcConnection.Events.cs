using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    /// <summary>libvirt's VIR_DOMAIN_EVENT_ID_LAST for 9.0: ids 0..26 can be registered.</summary>
    public const int DomainEventIdCount = 27;

    private readonly object _eventGate = new();
    private EventRegistration[] _registrations = [];
    private DomainEventBus.Subscription? _subscription;

    private readonly record struct EventRegistration(int CallbackId, int EventId, Guid? DomainFilter);

    /// <summary>CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY: a new callback id from the daemon-wide counter.</summary>
    internal int RegisterEvent(int eventId, DomainRef? dom)
    {
        if (eventId < 0 || eventId >= DomainEventIdCount)
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Rpc, $"unsupported event ID {eventId}");
        var driver = Driver ?? throw RpcErrors.NotOpen();
        var id = _server.NextCallbackId();
        lock (_eventGate)
        {
            _registrations = [.. _registrations, new EventRegistration(id, eventId, dom?.Uuid)];
            _server.CountRegistrations(1);
            if (_subscription is null)
            {
                _subscription = driver.Events.Subscribe();
                _ = PumpEventsAsync(_subscription);
            }
        }
        return id;
    }

    internal void DeregisterEvent(int callbackId)
    {
        lock (_eventGate)
        {
            var kept = _registrations.Where(r => r.CallbackId != callbackId).ToArray();
            if (kept.Length == _registrations.Length)
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc, $"domain event callback {callbackId} not registered");
            _registrations = kept;
            _server.CountRegistrations(-1);
        }
    }

    /// <summary>Forwards bus events to this client's registrations; never blocks the bus (see Send).</summary>
    private async Task PumpEventsAsync(DomainEventBus.Subscription sub)
    {
        try
        {
            await foreach (var evt in sub.Reader.ReadAllAsync(_closing.Token).ConfigureAwait(false))
            {
                foreach (var reg in Volatile.Read(ref _registrations))
                {
                    if (reg.EventId != evt.EventId) continue;
                    if (reg.DomainFilter is { } uuid && uuid != evt.Domain.Uuid) continue;
                    if (EventEncoder.TryEncode(evt, reg.CallbackId) is { } msg && !Send(msg)) return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _log.LogError(e, "connection {Id}: event delivery failed", Id);
        }
    }

    private void DisposeEvents()
    {
        lock (_eventGate)
        {
            _subscription?.Dispose();
            _subscription = null;
            _server.CountRegistrations(-_registrations.Length);
            _registrations = [];
        }
    }
}
