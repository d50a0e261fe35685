using System.Globalization;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>The per-device settings of blkiotune, by parameter name.</summary>
internal enum BlkioDeviceField { Weight, ReadIops, WriteIops, ReadBytes, WriteBytes }

/// <summary>
/// blkiotune's parameters: weight (UINT, [100, 1000]) and per host block device, as strings
/// "/dev/sda,500[,/dev/sdb,300]": device_weight, device_read/write_iops_sec, device_read/write_bytes_sec.
/// A device value of 0 removes that setting. Pure.
/// </summary>
internal sealed record BlkioChange(uint? Weight, IReadOnlyList<(BlkioDeviceField Field, string Path, ulong Value)> Devices)
{
    public static readonly (string Name, BlkioDeviceField Field)[] DeviceFields =
    [
        (TuningParams.DeviceWeight, BlkioDeviceField.Weight), (TuningParams.DeviceReadIops, BlkioDeviceField.ReadIops),
        (TuningParams.DeviceWriteIops, BlkioDeviceField.WriteIops), (TuningParams.DeviceReadBytes, BlkioDeviceField.ReadBytes),
        (TuningParams.DeviceWriteBytes, BlkioDeviceField.WriteBytes),
    ];

    public static BlkioChange Parse(IReadOnlyList<TypedParameter> ps)
    {
        TypedValues.Distinct(ps);
        uint? weight = null;
        var devices = new List<(BlkioDeviceField, string, ulong)>();
        foreach (var p in ps)
        {
            if (p.Field == TuningParams.Weight)
            {
                weight = (uint)TypedValues.InRange(p.Field, TypedValues.Unsigned(p), 100UL, 1000UL);
                continue;
            }
            var field = DeviceFields.FirstOrDefault(f => f.Name == p.Field);
            if (field.Name is null) throw TypedValues.Unknown(p.Field, "blkio", DeviceFields.Select(f => f.Name).Prepend(TuningParams.Weight));
            devices.AddRange(ParseDevices(p.Field, TypedValues.Text(p)).Select(d => (field.Field, d.Path, d.Value)));
        }
        foreach (var d in devices.Where(d => d.Item1 == BlkioDeviceField.Weight && d.Item3 != 0))
            TypedValues.InRange(TuningParams.DeviceWeight, d.Item3, 100UL, 1000UL);
        return new BlkioChange(weight, devices);
    }

    private static IEnumerable<(string Path, ulong Value)> ParseDevices(string field, string text)
    {
        if (text.Length == 0) yield break;
        var parts = text.Split(',');
        if (parts.Length % 2 != 0)
            throw VirErrors.InvalidArg($"parameter '{field}' must be pairs of a device path and a value ('/dev/sda,500'), got '{text}'", VirErrorDomain.Qemu);
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!parts[i].StartsWith('/'))
                throw VirErrors.InvalidArg($"parameter '{field}' names '{parts[i]}', which is not an absolute device path", VirErrorDomain.Qemu);
            if (!ulong.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw VirErrors.InvalidArg($"parameter '{field}' gives '{parts[i + 1]}' for {parts[i]}, which is not a number", VirErrorDomain.Qemu);
            yield return (parts[i], v);
        }
    }

    public BlkioTuneDef ApplyTo(BlkioTuneDef? current)
    {
        var t = current ?? new BlkioTuneDef();
        var devices = t.Devices.ToList();
        foreach (var (field, path, value) in Devices)
        {
            var i = devices.FindIndex(d => d.Path == path);
            var d = i >= 0 ? devices[i] : new BlkioDeviceDef { Path = path };
            ulong? v = value == 0 ? null : value;
            d = field switch
            {
                BlkioDeviceField.Weight => d with { Weight = (uint?)v },
                BlkioDeviceField.ReadIops => d with { ReadIopsSec = v },
                BlkioDeviceField.WriteIops => d with { WriteIopsSec = v },
                BlkioDeviceField.ReadBytes => d with { ReadBytesSec = v },
                _ => d with { WriteBytesSec = v },
            };
            bool empty = d is { Weight: null, ReadIopsSec: null, WriteIopsSec: null, ReadBytesSec: null, WriteBytesSec: null };
            if (i >= 0 && empty) devices.RemoveAt(i);
            else if (i >= 0) devices[i] = d;
            else if (!empty) devices.Add(d);
        }
        return t with { Weight = Weight ?? t.Weight, Devices = devices };
    }

    /// <summary>The parameters of a definition, the device lists as libvirt formats them.</summary>
    public static IReadOnlyList<TypedParameter> FromDefinition(BlkioTuneDef? t, uint weight)
    {
        var devices = t?.Devices ?? [];
        string List(Func<BlkioDeviceDef, ulong?> pick) =>
            string.Join(",", devices.Where(d => pick(d) is not null).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Path},{pick(d)}")));
        return
        [
            TypedParameter.UInt(TuningParams.Weight, weight),
            TypedParameter.String(TuningParams.DeviceWeight, List(d => d.Weight)),
            TypedParameter.String(TuningParams.DeviceReadIops, List(d => d.ReadIopsSec)),
            TypedParameter.String(TuningParams.DeviceWriteIops, List(d => d.WriteIopsSec)),
            TypedParameter.String(TuningParams.DeviceReadBytes, List(d => d.ReadBytesSec)),
            TypedParameter.String(TuningParams.DeviceWriteBytes, List(d => d.WriteBytesSec)),
        ];
    }
}
