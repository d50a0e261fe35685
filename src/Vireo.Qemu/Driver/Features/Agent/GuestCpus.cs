using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>One logical CPU as guest-get-vcpus reports it: its id, whether it is online, whether the guest can take it offline.</summary>
internal readonly record struct GuestCpu(int Id, bool Online, bool CanOffline);

/// <summary>
/// guest-get-vcpus and guest-set-vcpus in libvirt 9.0's terms, apart from effects: the agent's list (kept in
/// its order, which libvirt's choices follow: the kit's agent lists CPU 1 before CPU 0), the three bitmaps of
/// virsh guestvcpus, which CPUs a call changes (by list, qemuDomainSetGuestVcpus; by count,
/// qemuAgentUpdateCPUInfo) and the guest-set-vcpus request. Refusals are libvirtd's sentences.
/// </summary>
internal static class GuestCpus
{
    public const string GetCommand = "guest-get-vcpus";
    public const string SetCommand = "guest-set-vcpus";

    /// <summary>libvirt's QEMU_GUEST_VCPU_MAX_ID: the bitmaps of these calls have this many bits.</summary>
    public const int BitmapSize = 4096;

    public static IReadOnlyList<GuestCpu> FromAgent(JsonNode? answer, string domainName)
    {
        if (answer is not JsonArray list) throw Malformed(domainName, "its answer is not a list");
        return list.Select((node, i) => node is JsonObject o
                && o["logical-id"] is JsonValue id && id.TryGetValue(out int n) && n >= 0
                && o["online"] is JsonValue on && on.TryGetValue(out bool online)
                && o["can-offline"] is JsonValue off && off.TryGetValue(out bool canOffline)
            ? new GuestCpu(n, online, canOffline)
            : throw Malformed(domainName, $"entry {i} lacks 'logical-id', 'online' or 'can-offline'")).ToList();
    }

    /// <summary>virsh guestvcpus' bitmaps (qemuDomainGetGuestVcpusParams).</summary>
    public static GuestVcpuState State(IReadOnlyList<GuestCpu> cpus)
    {
        if (cpus.FirstOrDefault(c => c.Id >= BitmapSize) is { Id: >= BitmapSize } far)
            throw VirErrors.Internal($"vcpu id '{far.Id}' reported by guest agent is out of range");
        return new GuestVcpuState(Ids(cpus, _ => true), Ids(cpus, c => c.Online), Ids(cpus, c => c.CanOffline));
    }

    /// <summary>
    /// virsh guestvcpus --cpulist LIST --enable/--disable: every listed CPU is asked for the state, even one
    /// already in it; one the guest cannot take offline, then one it does not have, is refused.
    /// </summary>
    public static IReadOnlyList<GuestCpu> ChangesFor(IReadOnlyList<GuestCpu> cpus, IReadOnlyList<int> wanted, bool online)
    {
        var left = wanted.ToHashSet();
        var changes = new List<GuestCpu>();
        foreach (var cpu in cpus)
        {
            if (!left.Remove(cpu.Id)) continue;
            if (!online && !cpu.CanOffline)
                throw VirErrors.OperationUnsupported($"vCPU '{cpu.Id}' is not offlinable", VirErrorDomain.Qemu);
            changes.Add(cpu with { Online = online });
        }
        if (left.Count > 0)
            throw VirErrors.InvalidArg($"guest is missing vCPUs '{LibvirtBitmap.Format(left)}'", VirErrorDomain.Qemu);
        return changes;
    }

    /// <summary>
    /// virsh setvcpus N --guest (qemuAgentUpdateCPUInfo): the CPUs to change, in the agent's order, so that
    /// <paramref name="count"/> are online: offline ones brought up, or online ones the guest can take
    /// offline taken down. CPU 0 is kept online when every online CPU could go, as libvirt does (parts of
    /// Linux still mind a missing CPU 0).
    /// </summary>
    public static IReadOnlyList<GuestCpu> ChangesFor(IReadOnlyList<GuestCpu> cpus, uint count)
    {
        if (cpus.Any(c => !c.Online && !c.CanOffline))
            throw VirErrors.Internal("Invalid data provided by guest agent");
        var online = cpus.Count(c => c.Online);
        var offlinable = cpus.Count(c => c.Online && c.CanOffline);
        var keepFirst = offlinable == online && cpus.Any(c => c.Id == 0 && c.Online);
        if (keepFirst) offlinable--;
        if (count > cpus.Count) throw VirErrors.Internal("guest agent reports less cpu than requested");
        if (count < online - offlinable) throw VirErrors.InvalidArg("Cannot offline enough CPUs", VirErrorDomain.Qemu);

        var changes = new List<GuestCpu>();
        foreach (var cpu in cpus)
        {
            if (count == online) break;
            if (count < online && cpu.Online && cpu.CanOffline && !(keepFirst && cpu.Id == 0))
            {
                changes.Add(cpu with { Online = false });
                online--;
            }
            else if (count > online && !cpu.Online)
            {
                changes.Add(cpu with { Online = true });
                online++;
            }
        }
        return changes;
    }

    /// <summary>guest-set-vcpus' arguments: each CPU to change with the state it is to have.</summary>
    public static JsonObject SetArguments(IReadOnlyList<GuestCpu> changes) => new()
    {
        ["vcpus"] = new JsonArray(changes.Select(c => (JsonNode)new JsonObject { ["logical-id"] = c.Id, ["online"] = c.Online }).ToArray()),
    };

    /// <summary>
    /// How many of the <paramref name="asked"/> changes the agent made (it stops at the first it cannot make
    /// and reports the ones before). libvirt takes anything outside 1..asked as a broken agent.
    /// </summary>
    public static int Processed(JsonNode? answer, int asked) =>
        answer is JsonValue v && v.TryGetValue(out int n) && n > 0 && n <= asked
            ? n
            : throw VirErrors.Internal("guest agent returned malformed or invalid return value");

    private static IReadOnlyList<int> Ids(IReadOnlyList<GuestCpu> cpus, Func<GuestCpu, bool> which) =>
        cpus.Where(which).Select(c => c.Id).Distinct().Order().ToList();

    private static VirException Malformed(string domainName, string why) =>
        VirErrors.Internal($"the guest agent of domain '{domainName}' answered {GetCommand} badly: {why}");
}
