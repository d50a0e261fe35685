namespace Vireo.Qemu.Cpu;

/// <summary>
/// The CPU models QEMU offers under one accelerator, each with the features of QEMU's version of it that the
/// accelerator cannot give (QEMU's unavailable-features, with libvirt's names): libvirt names the CPU QEMU provides,
/// and hypervisor baselines, only with these models. Pure data.
/// </summary>
public sealed class X86HypervisorModels(IReadOnlyDictionary<string, IReadOnlyList<string>> blockersByModel)
{
    public bool Has(string model) => blockersByModel.ContainsKey(model);

    public IReadOnlyList<string> Blockers(string model) => blockersByModel.TryGetValue(model, out var b) ? b : [];

    public IEnumerable<string> Names => blockersByModel.Keys;
}
