namespace Vireo.Qemu.Capabilities;

/// <summary>
/// One property of a CPU model as QEMU expands it (query-cpu-model-expansion): a feature switched on or off
/// (<see cref="Enabled"/>), or another value ("vendor", "family", "model-id", ...) as its JSON text in
/// <see cref="Value"/>. <see cref="Migratable"/> says, for a feature, whether a migrating guest keeps it
/// (true), loses it (false: QEMU turns it on only with migratable=off), or is unknown (null: the feature is
/// off, or QEMU was not asked).
/// </summary>
public sealed record QemuCpuProperty(string Name, bool? Enabled, string? Value, bool? Migratable);

/// <summary>
/// The CPU QEMU gives a guest of one CPU model under the probe's accelerator, as the static expansion of that
/// model names it: a base model ("base") and every property in QEMU's order, QEMU's own feature names.
/// For model 'max' under TCG this is the CPU libvirt calls the CPU "provided by the hypervisor on the host".
/// </summary>
public sealed record QemuCpuExpansion(string ModelName, IReadOnlyList<QemuCpuProperty> Properties, bool MigratabilityKnown)
{
    public QemuCpuProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);
}
