namespace Vireo.Cli.Infrastructure;

/// <summary>The options given before the command (virsh's -c, -r, -q, -e).</summary>
public sealed record GlobalOptions
{
    /// <summary>-c/--connect; null: $VIREO_DEFAULT_URI, then $LIBVIRT_DEFAULT_URI, then the daemon's default.</summary>
    public string? Uri { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>-q: no informational messages and no blank line after each command.</summary>
    public bool Quiet { get; init; }

    /// <summary>The console escape character (-e; default ^] = 0x1d).</summary>
    public byte EscapeChar { get; init; } = 0x1d;

    /// <summary>The URI to use after the environment is consulted (null: the daemon's default).</summary>
    public string? EffectiveUri(Func<string, string?> environment) =>
        Uri is { Length: > 0 } uri ? uri
        : environment("VIREO_DEFAULT_URI") is { Length: > 0 } vireo ? vireo
        : environment("LIBVIRT_DEFAULT_URI") is { Length: > 0 } libvirt ? libvirt
        : null;
}
