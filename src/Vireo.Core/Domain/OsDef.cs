namespace Vireo.Core.Domain;

/// <summary>
/// &lt;os&gt;: how the guest boots. Virtual machines use type 'hvm' (firmware, kernel, boot order);
/// containers use type 'exe' (the init program and its arguments, environment and identity).
/// </summary>
public sealed record OsDef
{
    public OsType Type { get; init; } = OsType.Hvm;
    public string? Arch { get; init; }
    public string? Machine { get; init; }

    /// <summary>&lt;os firmware='bios|efi'&gt;: ask for automatic firmware selection.</summary>
    public OsFirmware? Firmware { get; init; }
    public LoaderDef? Loader { get; init; }
    public NvramDef? Nvram { get; init; }
    public string? Kernel { get; init; }
    public string? Initrd { get; init; }
    public string? Cmdline { get; init; }
    public string? Dtb { get; init; }

    /// <summary>&lt;boot dev&gt; elements in order of preference.</summary>
    public IReadOnlyList<BootDevice> BootDevices { get; init => field = ValueList.From(value); } = ValueList<BootDevice>.Empty;
    public BootMenuDef? BootMenu { get; init; }
    public SmbiosMode? Smbios { get; init; }
    public BiosDef? Bios { get; init; }

    // Containers (type 'exe').
    public string? Init { get; init; }
    public IReadOnlyList<string> InitArgs { get; init => field = ValueList.From(value); } = ValueList<string>.Empty;
    public IReadOnlyList<InitEnvDef> InitEnv { get; init => field = ValueList.From(value); } = ValueList<InitEnvDef>.Empty;
    public string? InitDir { get; init; }
    public string? InitUser { get; init; }
    public string? InitGroup { get; init; }
}

public enum OsType { Hvm, Exe }

public enum OsFirmware { Bios, Efi }

public enum BootDevice { Fd, Cdrom, Hd, Network }

public enum SmbiosMode { Emulate, Host, Sysinfo }

/// <summary>&lt;loader readonly secure type&gt;path&lt;/loader&gt;.</summary>
public sealed record LoaderDef
{
    public string? Path { get; init; }
    public YesNo? ReadOnly { get; init; }
    public YesNo? Secure { get; init; }
    public LoaderType? Type { get; init; }
}

public enum LoaderType { Rom, Pflash }

/// <summary>&lt;nvram template&gt;path&lt;/nvram&gt;: the per-domain UEFI variable store.</summary>
public sealed record NvramDef(string? Path = null, string? Template = null);

/// <summary>&lt;bootmenu enable timeout/&gt;.</summary>
public sealed record BootMenuDef(YesNo Enable, uint? Timeout = null);

/// <summary>&lt;bios useserial rebootTimeout/&gt;.</summary>
public sealed record BiosDef(YesNo? UseSerial = null, int? RebootTimeout = null);

/// <summary>&lt;initenv name='X'&gt;value&lt;/initenv&gt;.</summary>
public sealed record InitEnvDef(string Name, string Value);
