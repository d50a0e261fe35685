namespace Vireo.Hosting;

/// <summary>The hypervisor drivers Vireo can run (URI schemes qemu, lxc, test).</summary>
public enum DriverKind
{
    Qemu,
    Lxc,

    /// <summary>The in-memory driver (test:///default), as libvirt runs its test driver inside the client.</summary>
    Test,
}

public static class DriverKinds
{
    /// <summary>The driver a URI scheme names ("qemu", "lxc+unix" → Lxc), or null.</summary>
    public static DriverKind? FromScheme(string scheme)
    {
        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0) scheme = scheme[..plus];
        return scheme.ToLowerInvariant() switch
        {
            "qemu" => DriverKind.Qemu,
            "lxc" => DriverKind.Lxc,
            "test" => DriverKind.Test,
            _ => null,
        };
    }
}
