using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Lxc.Plan;

/// <summary>
/// Linux capabilities by libvirt's names (&lt;features&gt;&lt;capabilities&gt; children) and the policy
/// that decides which ones a container loses. The policies follow libvirt's LXC driver: "default" drops
/// a fixed set unless a child turns one on, "allow" drops only those turned off, "deny" drops all but
/// those turned on.
/// </summary>
public static class LinuxCapabilities
{
    /// <summary>Index = capability number (linux/capability.h).</summary>
    private static readonly string[] Names =
    [
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid",
        "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw",
        "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
        "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod",
        "lease", "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog",
        "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
    ];

    /// <summary>What libvirt takes away from every container under the default policy.</summary>
    public static readonly IReadOnlyList<string> DefaultDropped = ["sys_module", "sys_time", "mknod", "audit_control", "mac_admin"];

    public static int? NumberOf(string name)
    {
        int i = Array.IndexOf(Names, name);
        return i < 0 ? null : i;
    }

    public static string NameOf(int number) => Names[number];

    public static int Count => Names.Length;

    /// <summary>The capability numbers to drop from the bounding set, ascending.</summary>
    public static IReadOnlyList<int> ToDrop(CapabilitiesDef? caps, string domainName)
    {
        var policy = caps?.Policy ?? CapabilityPolicy.Default;
        var states = new Dictionary<int, OnOff?>();
        foreach (var item in caps?.Items ?? [])
        {
            var n = NumberOf(item.Name) ?? throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Lxc,
                $"container '{domainName}' names an unknown capability '{item.Name}'");
            states[n] = item.State;
        }
        var drop = new List<int>();
        for (int n = 0; n < Names.Length; n++)
        {
            var state = states.TryGetValue(n, out var s) ? s : null;
            bool dropIt = policy switch
            {
                CapabilityPolicy.Allow => state == OnOff.Off,
                CapabilityPolicy.Deny => state != OnOff.On,
                _ => DefaultDropped.Contains(Names[n]) ? state != OnOff.On : state == OnOff.Off,
            };
            if (dropIt) drop.Add(n);
        }
        return drop;
    }
}
