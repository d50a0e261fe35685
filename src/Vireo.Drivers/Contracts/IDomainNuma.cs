using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// The host NUMA memory policy of a domain (virsh numatune): DOMAIN_GET/SET_NUMA_PARAMETERS. The mode
/// and nodeset are libvirt's &lt;numatune&gt;&lt;memory&gt;; a live change moves the guest's memory to
/// the new nodes (cgroup cpuset.mems with memory migration). Nodesets are checked against the host's
/// nodes. Reads never wait for a domain job.
/// </summary>
public interface IDomainNuma
{
    /// <summary>numa_mode (INT, <see cref="NumaParams"/> mode values) and numa_nodeset (STRING, "" when none).</summary>
    ValueTask<IReadOnlyList<TypedParameter>> GetNumaParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct);

    ValueTask SetNumaParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);
}

/// <summary>libvirt's VIR_DOMAIN_NUMA_* field names and virDomainNumatuneMemMode values.</summary>
public static class NumaParams
{
    public const string Mode = "numa_mode";
    public const string Nodeset = "numa_nodeset";

    public const int ModeStrict = 0;
    public const int ModePreferred = 1;
    public const int ModeInterleave = 2;
    public const int ModeRestrictive = 3;
}
