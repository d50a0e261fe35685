using System.Globalization;
using System.Text.Json.Nodes;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// virDomainGetGuestInfo's typed parameters from the agent's answers, with libvirt's names, types and order
/// (user.*, os.*, timezone.*, hostname, fs.*, disk.*, if.*); members the agent leaves out are left out. Pure.
/// </summary>
internal static class GuestInfoParams
{
    /// <summary>The agent command each group asks, in libvirt's order.</summary>
    public static readonly IReadOnlyList<(GuestInfoTypes Type, string Command)> Commands =
    [
        (GuestInfoTypes.Users, "guest-get-users"),
        (GuestInfoTypes.Os, "guest-get-osinfo"),
        (GuestInfoTypes.Timezone, "guest-get-timezone"),
        (GuestInfoTypes.Hostname, "guest-get-host-name"),
        (GuestInfoTypes.FileSystem, "guest-get-fsinfo"),
        (GuestInfoTypes.Disks, "guest-get-disks"),
        (GuestInfoTypes.Interfaces, "guest-network-get-interfaces"),
    ];

    /// <summary>
    /// Asks the agent for each group in <paramref name="asked"/> (none = all) and builds the parameters. A group
    /// the agent lacks the command for is left out when it was not asked for by name, and an error when it was,
    /// as libvirt does.
    /// </summary>
    public static async Task<IReadOnlyList<TypedParameter>> CollectAsync(GuestInfoTypes asked,
        Func<string, CancellationToken, Task<JsonNode?>> execute, Func<CancellationToken, Task<IReadOnlyList<DiskLocation>>> readDisks,
        string domainName, CancellationToken ct)
    {
        var p = new List<TypedParameter>();
        IReadOnlyList<DiskLocation>? disks = null;
        foreach (var (type, command) in Commands)
        {
            if (asked != GuestInfoTypes.None && !asked.HasFlag(type)) continue;
            JsonNode? answer;
            try
            {
                answer = await execute(command, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (asked == GuestInfoTypes.None && AgentCommandError.IsUnsupported(e))
            {
                continue;
            }
            switch (type)
            {
                case GuestInfoTypes.Users: AddUsers(p, answer); break;
                case GuestInfoTypes.Os: AddOs(p, answer); break;
                case GuestInfoTypes.Timezone: AddTimezone(p, answer); break;
                case GuestInfoTypes.Hostname: AddHostname(p, answer); break;
                case GuestInfoTypes.FileSystem:
                    disks ??= await readDisks(ct).ConfigureAwait(false);
                    AddFileSystems(p, AgentFileSystems.FromAgent(answer, domainName), disks);
                    break;
                case GuestInfoTypes.Disks:
                    disks ??= await readDisks(ct).ConfigureAwait(false);
                    AddDisks(p, answer, disks);
                    break;
                case GuestInfoTypes.Interfaces: AddInterfaces(p, AgentInterfaces.FromAgent(answer, domainName)); break;
            }
        }
        return p;
    }

    public static void AddUsers(List<TypedParameter> p, JsonNode? answer)
    {
        var users = answer as JsonArray ?? [];
        p.Add(TypedParameter.UInt("user.count", (uint)users.Count));
        for (var i = 0; i < users.Count; i++)
        {
            if ((string?)users[i]?["user"] is { } name) p.Add(TypedParameter.String($"user.{i}.name", name));
            if ((string?)users[i]?["domain"] is { } domain) p.Add(TypedParameter.String($"user.{i}.domain", domain));
            // The agent reports seconds with a fraction; libvirt passes milliseconds.
            if (users[i]?["login-time"] is JsonValue t && t.TryGetValue(out double seconds))
                p.Add(TypedParameter.ULLong($"user.{i}.login-time", (ulong)(seconds * 1000)));
        }
    }

    private static readonly string[] OsMembers =
        ["id", "name", "pretty-name", "version", "version-id", "machine", "variant", "variant-id", "kernel-release", "kernel-version"];

    public static void AddOs(List<TypedParameter> p, JsonNode? answer)
    {
        foreach (var member in OsMembers)
            if ((string?)answer?[member] is { } value) p.Add(TypedParameter.String($"os.{member}", value));
    }

    public static void AddTimezone(List<TypedParameter> p, JsonNode? answer)
    {
        if ((string?)answer?["zone"] is { } zone) p.Add(TypedParameter.String("timezone.name", zone));
        if (answer?["offset"] is JsonValue o && o.TryGetValue(out int offset)) p.Add(TypedParameter.Int("timezone.offset", offset));
    }

    public static void AddHostname(List<TypedParameter> p, JsonNode? answer)
    {
        if ((string?)answer?["host-name"] is { } name) p.Add(TypedParameter.String("hostname", name));
    }

    /// <summary>fs.*: left out altogether when nothing is mounted, as libvirtd 9.0 does.</summary>
    public static void AddFileSystems(List<TypedParameter> p, IReadOnlyList<AgentFileSystem> fss, IReadOnlyList<DiskLocation> disks)
    {
        if (fss.Count == 0) return;
        p.Add(TypedParameter.UInt("fs.count", (uint)fss.Count));
        for (var i = 0; i < fss.Count; i++)
        {
            var fs = fss[i];
            p.Add(TypedParameter.String($"fs.{i}.name", fs.Name));
            p.Add(TypedParameter.String($"fs.{i}.mountpoint", fs.MountPoint));
            p.Add(TypedParameter.String($"fs.{i}.fstype", fs.Type));
            if (fs.TotalBytes is { } total) p.Add(TypedParameter.ULLong($"fs.{i}.total-bytes", total));
            if (fs.UsedBytes is { } used) p.Add(TypedParameter.ULLong($"fs.{i}.used-bytes", used));
            p.Add(TypedParameter.UInt($"fs.{i}.disk.count", (uint)fs.Disks.Count));
            for (var j = 0; j < fs.Disks.Count; j++)
            {
                var d = fs.Disks[j];
                if (d.Match(disks) is { } matched) p.Add(TypedParameter.String($"fs.{i}.disk.{j}.alias", matched.Target));
                if (d.Serial is { } serial) p.Add(TypedParameter.String($"fs.{i}.disk.{j}.serial", serial));
                if (d.Device is { } dev) p.Add(TypedParameter.String($"fs.{i}.disk.{j}.device", dev));
            }
        }
    }

    public static void AddDisks(List<TypedParameter> p, JsonNode? answer, IReadOnlyList<DiskLocation> disks)
    {
        var list = answer as JsonArray ?? [];
        p.Add(TypedParameter.UInt("disk.count", (uint)list.Count));
        for (var i = 0; i < list.Count; i++)
        {
            var d = list[i];
            p.Add(TypedParameter.String($"disk.{i}.name", (string?)d?["name"] ?? ""));
            p.Add(TypedParameter.Bool($"disk.{i}.partition", d?["partition"] is JsonValue v && v.TryGetValue(out bool part) && part));
            if (d?["dependencies"] is JsonArray deps && deps.Count > 0)
            {
                p.Add(TypedParameter.UInt($"disk.{i}.dependency.count", (uint)deps.Count));
                for (var j = 0; j < deps.Count; j++)
                    p.Add(TypedParameter.String($"disk.{i}.dependency.{j}.name", (string?)deps[j] ?? ""));
            }
            if (d?["address"] is JsonObject address)
            {
                var disk = AgentDisk.FromAgent(address);
                if (disk.Serial is { } serial) p.Add(TypedParameter.String($"disk.{i}.serial", serial));
                if (disk.Match(disks) is { } matched) p.Add(TypedParameter.String($"disk.{i}.alias", matched.Target));
            }
            if ((string?)d?["alias"] is { } guestAlias) p.Add(TypedParameter.String($"disk.{i}.guest_alias", guestAlias));
        }
    }

    public static void AddInterfaces(List<TypedParameter> p, IReadOnlyList<GuestInterface> ifaces)
    {
        p.Add(TypedParameter.UInt("if.count", (uint)ifaces.Count));
        for (var i = 0; i < ifaces.Count; i++)
        {
            var iface = ifaces[i];
            p.Add(TypedParameter.String($"if.{i}.name", iface.Name));
            if (iface.HardwareAddress is { } mac) p.Add(TypedParameter.String($"if.{i}.hwaddr", mac));
            p.Add(TypedParameter.UInt($"if.{i}.addr.count", (uint)iface.Addresses.Count));
            for (var j = 0; j < iface.Addresses.Count; j++)
            {
                var a = iface.Addresses[j];
                p.Add(TypedParameter.String($"if.{i}.addr.{j}.type", a.Type == GuestIpAddressType.IPv4 ? "ipv4" : "ipv6"));
                p.Add(TypedParameter.String($"if.{i}.addr.{j}.addr", a.Address));
                p.Add(TypedParameter.UInt($"if.{i}.addr.{j}.prefix", a.Prefix));
            }
        }
    }

    /// <summary>libvirt's refusal of a type bit it does not know.</summary>
    public static string UnknownTypes(GuestInfoTypes types) =>
        string.Create(CultureInfo.InvariantCulture, $"unsupported flags (0x{(uint)types:x}) in function qemuDomainGetGuestInfo");
}
