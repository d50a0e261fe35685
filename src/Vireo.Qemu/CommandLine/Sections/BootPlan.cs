using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Boot order as bootindex= on devices (with -boot strict=on), the way libvirt does it: per-device
/// &lt;boot order='N'/&gt; as given, or &lt;os&gt;&lt;boot dev='hd|cdrom|fd|network'/&gt; turned into indexes on
/// the first disk, cdrom, floppy or NIC in turn. The two forms cannot be mixed.
/// </summary>
internal sealed class BootPlan
{
    private readonly Dictionary<int, uint> disks = [];
    private readonly Dictionary<int, uint> nets = [];

    public uint? IndexOfDisk(int index) => disks.TryGetValue(index, out var b) ? b : null;

    public uint? IndexOfNet(int index) => nets.TryGetValue(index, out var b) ? b : null;

    public static BootPlan Create(BuildSession s)
    {
        var plan = new BootPlan();
        var devices = s.Def.Devices;
        bool perDevice = devices.Disks.Any(d => d.BootOrder is not null) || devices.Interfaces.Any(i => i.BootOrder is not null);
        if (perDevice && s.Def.Os.BootDevices.Count > 0)
            throw s.Unsupported($"{s.Owner} has both <os><boot dev=.../> and per-device <boot order=.../>; use one or the other");

        if (perDevice)
        {
            var seen = new Dictionary<uint, string>();
            void Claim(uint order, string what)
            {
                if (order == 0)
                    throw s.Unsupported($"{what} of {s.Owner} has <boot order='0'>; boot orders start at 1");
                if (seen.TryGetValue(order, out var other))
                    throw s.Unsupported($"boot order {order} is used by both {other} and {what} of {s.Owner}");
                seen[order] = what;
            }
            for (int i = 0; i < devices.Disks.Count; i++)
                if (devices.Disks[i].BootOrder is { } order)
                {
                    Claim(order, DiskArgs.Describe(devices.Disks[i]));
                    plan.disks[i] = order;
                }
            for (int i = 0; i < devices.Interfaces.Count; i++)
                if (devices.Interfaces[i].BootOrder is { } order)
                {
                    Claim(order, InterfaceArgs.Describe(devices.Interfaces[i], i));
                    plan.nets[i] = order;
                }
            return plan;
        }

        uint next = 1;
        foreach (var dev in s.Def.Os.BootDevices)
        {
            if (dev == BootDevice.Network)
            {
                var nic = Enumerable.Range(0, devices.Interfaces.Count).Where(i => !plan.nets.ContainsKey(i)).Cast<int?>().FirstOrDefault();
                if (nic is { } n) plan.nets[n] = next++;
                continue;
            }
            var kind = dev switch { BootDevice.Cdrom => DiskDevice.Cdrom, BootDevice.Fd => DiskDevice.Floppy, _ => DiskDevice.Disk };
            var disk = Enumerable.Range(0, devices.Disks.Count)
                .Where(i => devices.Disks[i].Device == kind && !plan.disks.ContainsKey(i)).Cast<int?>().FirstOrDefault();
            if (disk is { } d) plan.disks[d] = next++;
        }
        return plan;
    }
}
