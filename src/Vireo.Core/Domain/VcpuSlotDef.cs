namespace Vireo.Core.Domain;

/// <summary>
/// One entry of &lt;vcpus&gt;: &lt;vcpu id='N' enabled='yes|no' hotpluggable='yes|no' order='K'/&gt;, the state of
/// vCPU N. Enabled vCPUs are online at boot (or, live, present in the guest); hotpluggable ones can be
/// added and removed while the guest runs (QEMU's device_add/device_del); order is the sequence in which
/// the enabled ones were brought up (libvirt's order attribute, absent for disabled vCPUs).
/// </summary>
public sealed record VcpuSlotDef(uint Id, bool Enabled, YesNo? Hotpluggable = null, uint? Order = null)
{
    /// <summary>Whether a running guest can gain this vCPU (vCPU 0 is always there; a disabled vCPU is hot-pluggable unless it says no).</summary>
    public bool CanPlug => Id != 0 && Hotpluggable != YesNo.No;

    /// <summary>Whether a running guest can lose this vCPU: only one added as a device (hotpluggable='yes'), never vCPU 0.</summary>
    public bool CanUnplug => Id != 0 && Hotpluggable == YesNo.Yes;
}
