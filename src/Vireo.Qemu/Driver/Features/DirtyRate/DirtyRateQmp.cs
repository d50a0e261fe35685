using System.Globalization;
using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.DirtyRate;

/// <summary>What query-dirty-rate answers: QEMU's status word, when and for how long it measured, in which mode, the rate (MiB/s) once measured, and per vCPU in dirty-ring mode.</summary>
internal sealed record DirtyRateInfo(string Status, long StartTime, int CalcTime, string Mode, long? Rate, IReadOnlyList<(int Id, long Rate)> Vcpus);

/// <summary>
/// calc-dirty-rate and query-dirty-rate, and the dirtyrate.* group of domstats made from the latter, as libvirt 9.0
/// names and types them. Pure.
/// </summary>
internal static class DirtyRateQmp
{
    /// <summary>libvirt's bounds of a measurement, in seconds.</summary>
    public const int MinSeconds = 1, MaxSeconds = 60;

    public static readonly QmpCommand Query = new("query-dirty-rate", null);

    /// <summary>The mode's QEMU name; libvirt sends it only for the modes other than QEMU's default page sampling.</summary>
    public static string ModeName(DirtyRateMode mode) => mode switch
    {
        DirtyRateMode.DirtyBitmap => "dirty-bitmap",
        DirtyRateMode.DirtyRing => "dirty-ring",
        _ => "page-sampling",
    };

    public static QmpCommand Calc(int seconds, DirtyRateMode mode)
    {
        var args = new JsonObject { ["calc-time"] = seconds };
        if (mode != DirtyRateMode.PageSampling) args["mode"] = ModeName(mode);
        return new QmpCommand("calc-dirty-rate", args);
    }

    /// <summary>libvirt's check of the period, with its sentence (checked before the domain's state).</summary>
    public static void CheckSeconds(int seconds)
    {
        if (seconds is < MinSeconds or > MaxSeconds)
            throw VirErrors.Unsupported(string.Create(CultureInfo.InvariantCulture,
                $"seconds={seconds} is invalid, please choose value within [{MinSeconds}, {MaxSeconds}]."), VirErrorDomain.Qemu);
    }

    /// <summary>The reply's fields, or null when QEMU answered something without a status.</summary>
    public static DirtyRateInfo? Parse(JsonNode? reply)
    {
        if (reply is not JsonObject o || (string?)o["status"] is not { } status) return null;
        var vcpus = (o["vcpu-dirty-rate"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(v => v["id"] is not null && v["dirty-rate"] is not null)
            .Select(v => ((int)v["id"]!, (long)v["dirty-rate"]!))
            .ToList();
        return new DirtyRateInfo(status, (long?)o["start-time"] ?? 0, (int?)o["calc-time"] ?? 0,
            (string?)o["mode"] ?? "page-sampling", (long?)o["dirty-rate"], vcpus);
    }

    /// <summary>
    /// dirtyrate.calc_status (0 unstarted, 1 measuring, 2 measured: virDomainDirtyRateStatus), calc_start_time,
    /// calc_period and calc_mode always; megabytes_per_second once measured, and in dirty-ring mode one
    /// vcpu.N.megabytes_per_second per vCPU.
    /// </summary>
    public static IReadOnlyList<TypedParameter> Stats(DirtyRateInfo info)
    {
        var status = info.Status switch { "measuring" => 1, "measured" => 2, _ => 0 };
        var list = new List<TypedParameter>
        {
            TypedParameter.Int("dirtyrate.calc_status", status),
            TypedParameter.LLong("dirtyrate.calc_start_time", info.StartTime),
            TypedParameter.Int("dirtyrate.calc_period", info.CalcTime),
            TypedParameter.String("dirtyrate.calc_mode", info.Mode),
        };
        if (status != 2) return list;
        list.Add(TypedParameter.LLong("dirtyrate.megabytes_per_second", info.Rate ?? 0));
        if (info.Mode == "dirty-ring")
            foreach (var (id, rate) in info.Vcpus)
                list.Add(TypedParameter.LLong(string.Create(CultureInfo.InvariantCulture, $"dirtyrate.vcpu.{id}.megabytes_per_second"), rate));
        return list;
    }
}
