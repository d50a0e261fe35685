using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Client;

/// <summary>
/// A checkpoint of a domain as a connection sees it (virDomainCheckpointPtr): on the wire its name and its
/// domain. Checkpoints form a tree through their parents; see docs/checkpoints.md for what they are.
/// </summary>
public sealed class VirDomainCheckpoint
{
    internal VirDomainCheckpoint(VirDomain domain, string name)
    {
        Domain = domain;
        Name = name;
    }

    public VirDomain Domain { get; }
    public string Name { get; }

    private static MomentProcedures Procedures => MomentProcedures.Checkpoint;

    /// <summary>DOMAIN_CHECKPOINT_GET_XML_DESC: the &lt;domaincheckpoint&gt; (NoDomain leaves out the kept &lt;domain&gt;, Size adds each bitmap's dirty bytes).</summary>
    public Task<string> GetXmlDescAsync(CheckpointXmlFlags flags = CheckpointXmlFlags.None, CancellationToken ct = default) =>
        MomentCalls.XmlAsync(Domain, Procedures, Name, (uint)flags, ct);

    /// <summary>
    /// DOMAIN_CHECKPOINT_GET_PARENT; null for a root. libvirt answers a root with VIR_ERR_NO_DOMAIN_CHECKPOINT, which
    /// is also what a checkpoint deleted meanwhile gets: like virsh, both read as "no parent" here.
    /// </summary>
    public async Task<VirDomainCheckpoint?> GetParentAsync(CancellationToken ct = default)
    {
        try
        {
            return new VirDomainCheckpoint(Domain, await MomentCalls.ParentAsync(Domain, Procedures, Name, ct).ConfigureAwait(false));
        }
        catch (VirException e) when (e.Code == VirErrorCode.NoDomainCheckpoint)
        {
            return null;
        }
    }

    /// <summary>DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN: the children (with <see cref="CheckpointListFlags.Descendants"/>, all descendants), filtered by Leaves/NoLeaves.</summary>
    public async Task<IReadOnlyList<VirDomainCheckpoint>> ListChildrenAsync(CheckpointListFlags flags = CheckpointListFlags.None, CancellationToken ct = default) =>
        Wrap(Domain, (await MomentCalls.ListChildrenAsync(Domain, Procedures, Name, names: true, (uint)flags, ct).ConfigureAwait(false)).Names);

    /// <summary>The same call asking only how many there are (virsh checkpoint-info's Children and Descendants).</summary>
    public async Task<int> CountChildrenAsync(CheckpointListFlags flags = CheckpointListFlags.None, CancellationToken ct = default) =>
        (await MomentCalls.ListChildrenAsync(Domain, Procedures, Name, names: false, (uint)flags, ct).ConfigureAwait(false)).Count;

    /// <summary>DOMAIN_CHECKPOINT_DELETE: removes the checkpoint's bitmaps and metadata (Children, ChildrenOnly, MetadataOnly as in libvirt).</summary>
    public Task DeleteAsync(CheckpointDeleteFlags flags = CheckpointDeleteFlags.None, CancellationToken ct = default) =>
        MomentCalls.DeleteAsync(Domain, Procedures, Name, (uint)flags, ct);

    internal static IReadOnlyList<VirDomainCheckpoint> Wrap(VirDomain d, IReadOnlyList<string> names) =>
        names.Select(n => new VirDomainCheckpoint(d, n)).ToList();
}

/// <summary>A domain's checkpoints (virDomainCheckpointCreateXML, virDomainListAllCheckpoints, virDomainCheckpointLookupByName).</summary>
public static class VirDomainCheckpoints
{
    /// <summary>
    /// DOMAIN_CHECKPOINT_CREATE_XML: makes a checkpoint of the running domain from a &lt;domaincheckpoint&gt;
    /// ("&lt;domaincheckpoint/&gt;": every disk, named after the time); with Redefine, records one's metadata only.
    /// </summary>
    public static async Task<VirDomainCheckpoint> CreateCheckpointAsync(this VirDomain d, string xml, CheckpointCreateFlags flags = CheckpointCreateFlags.None, CancellationToken ct = default) =>
        new(d, await MomentCalls.CreateAsync(d, MomentProcedures.Checkpoint, xml, (uint)flags, ct).ConfigureAwait(false));

    /// <summary>DOMAIN_LIST_ALL_CHECKPOINTS: the domain's checkpoints, filtered by Roots, Leaves, NoLeaves; Topological puts parents before children.</summary>
    public static async Task<IReadOnlyList<VirDomainCheckpoint>> ListCheckpointsAsync(this VirDomain d, CheckpointListFlags flags = CheckpointListFlags.None, CancellationToken ct = default) =>
        VirDomainCheckpoint.Wrap(d, await MomentCalls.ListAllAsync(d, MomentProcedures.Checkpoint, (uint)flags, ct).ConfigureAwait(false));

    /// <summary>DOMAIN_CHECKPOINT_LOOKUP_BY_NAME; an unknown name is VIR_ERR_NO_DOMAIN_CHECKPOINT.</summary>
    public static async Task<VirDomainCheckpoint> LookupCheckpointAsync(this VirDomain d, string name, CancellationToken ct = default) =>
        new(d, await MomentCalls.LookupAsync(d, MomentProcedures.Checkpoint, name, ct).ConfigureAwait(false));
}
