using Vireo.Core.Keycodes;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// Debugging a running guest from outside: a non-maskable interrupt (the guest kernel logs it, or panics with
/// unknown_nmi_panic) and key presses on its keyboard (SysRq chords, Ctrl-Alt-Del, typing at a prompt).
/// Both need a running domain ("domain is not running" otherwise) and take the domain's job.
/// </summary>
public interface IDomainDebug
{
    /// <summary>DOMAIN_INJECT_NMI (virsh inject-nmi).</summary>
    ValueTask InjectNmiAsync(Guid uuid, CancellationToken ct);

    /// <summary>
    /// DOMAIN_SEND_KEY (virsh send-key): presses the keys together, holds them <paramref name="holdtimeMs"/>
    /// (0: the hypervisor's default), then releases them. Keycodes are numbers of <paramref name="codeset"/>
    /// (1 to <see cref="Keycodes.MaxKeys"/>); a key the hypervisor cannot express is refused, nothing is pressed.
    /// </summary>
    ValueTask SendKeyAsync(Guid uuid, KeycodeSet codeset, uint holdtimeMs, IReadOnlyList<uint> keycodes, CancellationToken ct);
}
