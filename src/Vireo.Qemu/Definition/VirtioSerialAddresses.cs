using Vireo.Core.Domain;

namespace Vireo.Qemu.Definition;

/// <summary>
/// &lt;address type='virtio-serial'&gt; for channels: the first free port from 1 on the lowest virtio-serial
/// controller that has one (port 0 is for a virtio console), after the ports written in the XML.
/// </summary>
internal static class VirtioSerialAddresses
{
    public static DomainDef Assign(DomainDef def)
    {
        var d = def.Devices;
        var controllers = d.Controllers.Where(c => c.Type == ControllerType.VirtioSerial).OrderBy(c => c.Index).ToList();
        var used = d.Channels.Where(c => c.Address is { Type: AddressType.VirtioSerial })
            .Select(c => (c.Address!.Controller ?? 0, c.Address.Port ?? 0)).ToHashSet();
        var channels = new List<ChannelDef>();
        foreach (var channel in d.Channels)
        {
            if (channel.Address is not null || controllers.Count == 0) { channels.Add(channel); continue; }
            DeviceAddress? address = null;
            foreach (var controller in controllers)
            {
                uint ports = controller.Ports ?? 31;
                for (uint port = 1; port < ports && address is null; port++)
                    if (used.Add((controller.Index, port)))
                        address = new DeviceAddress { Type = AddressType.VirtioSerial, Controller = controller.Index, Bus = 0, Port = port };
                if (address is not null) break;
            }
            channels.Add(channel with { Address = address });
        }
        return def with { Devices = d with { Channels = channels } };
    }
}
