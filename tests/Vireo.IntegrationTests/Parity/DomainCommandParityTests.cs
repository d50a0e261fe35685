namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// Debian's virsh runs <see cref="DomainParityMatrix"/> (virsh's domain commands in every state of one guest:
/// no such domain, shut off, running, read-only clients, paused, with a managed save, transient) against a
/// sandboxed libvirtd 9.0 and against vireod, each with the same guest under TCG; exit status, stdout and
/// stderr must be the same after <see cref="ParityNormaliser"/>. With VIREO_PARITY_REPORT=FILE the whole
/// run (every command, both outputs) is written there.
/// </summary>
public sealed class DomainCommandParityTests
{
    [Fact]
    public Task Virsh_prints_the_same_for_vireod_as_for_libvirtd_in_every_domain_state() =>
        ParityComparison.RunAsync(DomainParityMatrix.States, dir => new Dictionary<string, string> { ["parity.xml"] = DomainParityMatrix.DomainXml(dir) });
}
