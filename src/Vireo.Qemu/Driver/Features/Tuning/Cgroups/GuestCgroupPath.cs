using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vireo.Core.Domain;

namespace Vireo.Qemu.Driver.Features.Tuning.Cgroups;

/// <summary>
/// Where a guest's cgroup lives, relative to each hierarchy: libvirt's machine/qemu-ID-NAME layout under
/// Vireo's own parent ("machine.vireo/qemu-3-web1"), or under &lt;resource&gt;&lt;partition&gt;. A driver on
/// another state root (embedded mode, tests) adds a short hash of its run directory, so two engines
/// that both run an id 1 named "demo" never share a group. Pure.
/// </summary>
internal static class GuestCgroupPath
{
    /// <summary>The run directory of vireod's layout: its groups carry no suffix.</summary>
    public static readonly string SystemRunDir = QemuDriverPaths.System.RunDir;

    /// <summary>Names longer than this are cut: a cgroup directory name is limited to 255 bytes.</summary>
    private const int MaxNameChars = 100;

    public static string For(string runDir, int id, string name, ResourceDef? resource)
    {
        var leaf = string.Create(CultureInfo.InvariantCulture, $"qemu-{id}-{(name.Length > MaxNameChars ? name[..MaxNameChars] : name)}");
        if (!string.Equals(Path.TrimEndingDirectorySeparator(runDir), SystemRunDir, StringComparison.Ordinal))
            leaf += ".vireo-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runDir)))[..8];
        leaf = Platform.Cgroups.Cgroups.CheckName(leaf);
        var parent = resource?.Partition is { Length: > 0 } p ? p.Trim('/') : Platform.Cgroups.Cgroups.MachineParent;
        return $"{parent}/{leaf}";
    }
}
