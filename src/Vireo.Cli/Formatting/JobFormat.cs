using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>virsh domjobinfo's output.</summary>
public static class JobFormat
{
    /// <summary>
    /// "%-17s %-12s" for the job type; --rawstats prints the number and each statistic as "name: value".
    /// vireod reports no statistics for a domain without a long job (it never runs one), so past the type
    /// line only the raw form prints them.
    /// </summary>
    public static string JobInfo(DomainJobType type, IReadOnlyList<TypedParameter> stats, bool raw) => raw
        ? Text.Inv($"Job type: {(int)type}\n\n") + string.Concat(stats.Select(p => Text.Inv($"{p.Field}: {EventFormat.ParamValue(p)}\n")))
        : $"{"Job type:",-17} {TypeName(type),-12}\n";

    private static string TypeName(DomainJobType type) => type switch
    {
        DomainJobType.None => "None",
        DomainJobType.Bounded => "Bounded",
        DomainJobType.Unbounded => "Unbounded",
        DomainJobType.Completed => "Completed",
        DomainJobType.Failed => "Failed",
        DomainJobType.Cancelled => "Cancelled",
        _ => "unknown",
    };
}
