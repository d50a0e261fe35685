using Vireo.Core.Errors;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// The one-at-a-time gate for changes to a domain. Unlike libvirt's state-change lock it says who holds it
/// and since when, and waiting is cancellable. Reads never take it.
/// </summary>
public sealed class DomainJob
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile JobHolder? _holder;

    /// <summary>The job running now, if any (for error messages and status displays).</summary>
    public JobHolder? Current => _holder;

    /// <summary>
    /// Waits for the job, at most <paramref name="wait"/>; then fails with a sentence that names the
    /// operation holding it. Dispose the result to release.
    /// </summary>
    public async ValueTask<Lease> AcquireAsync(string operation, string domainName, TimeSpan wait, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(wait, ct).ConfigureAwait(false))
        {
            var h = _holder;
            var who = h is null ? "another operation" : $"'{h.Operation}' (running for {(DateTime.UtcNow - h.Since).TotalSeconds:F0} s)";
            throw new VirException(VirErrorCode.OperationTimeout, VirErrorDomain.Domain,
                $"cannot start '{operation}' on domain '{domainName}': {who} is still in progress");
        }
        _holder = new JobHolder(operation, DateTime.UtcNow);
        return new Lease(this);
    }

    private void Release()
    {
        _holder = null;
        _gate.Release();
    }

    public sealed record JobHolder(string Operation, DateTime Since);

    public readonly struct Lease : IDisposable
    {
        private readonly DomainJob? _job;
        internal Lease(DomainJob job) => _job = job;
        public void Dispose() => _job?.Release();
    }
}
