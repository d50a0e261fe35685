using Vireo.Core.Domain;

namespace Vireo.Qemu.Definition;

/// <summary>
/// libvirt's old rule that the first &lt;console&gt; of a virtual machine is its first serial port. A first console
/// with target serial (or none) becomes serial port 0 when there is no serial port, and otherwise shows serial
/// port 0's host side; when the first console is something else (virtio) and serial port 0 is an ISA one, a
/// serial console is put in front of it. libvirt formats that console from the serial port, so the copy here
/// carries the port's host side, port number and alias, as dumpxml shows them.
/// </summary>
internal static class ConsoleCompat
{
    public static DomainDef Apply(DomainDef def)
    {
        var d = def.Devices;
        if (def.Os.Type != OsType.Hvm) return def;
        var serials = d.Serials.ToList();
        var consoles = d.Consoles.ToList();
        if (consoles.Count > 0 && consoles[0].TargetType is null or ConsoleTargetType.Serial)
        {
            if (serials.Count == 0)
                serials.Add(new SerialDef
                {
                    Type = consoles[0].Type, Source = consoles[0].Source, Protocol = consoles[0].Protocol, Log = consoles[0].Log,
                    TargetType = "isa-serial", TargetModel = "isa-serial", TargetPort = 0, Alias = consoles[0].Alias,
                });
            consoles[0] = AliasOf(serials[0]);
        }
        else if (serials.Count > 0 && serials[0].TargetType == "isa-serial")
            consoles.Insert(0, AliasOf(serials[0]));
        return def with { Devices = d with { Serials = serials, Consoles = consoles } };
    }

    private static ConsoleDef AliasOf(SerialDef serial) => new()
    {
        Type = serial.Type,
        Source = serial.Source,
        Protocol = serial.Protocol,
        Log = serial.Log,
        TargetType = ConsoleTargetType.Serial,
        TargetPort = serial.TargetPort ?? 0,
        Alias = serial.Alias,
    };
}
