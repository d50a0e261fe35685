using Vireo.Core.State;

namespace Vireo.Cli.Formatting;

/// <summary>One domain of a `list`.</summary>
public sealed record ListRow(int Id, string Name, Guid Uuid, StateWithReason? State, string? Title = null);

/// <summary>`list` output: virsh's table, or bare names/UUIDs.</summary>
public static class ListFormat
{
    /// <summary>virsh's order: running domains by id, then inactive ones by name (case-insensitive).</summary>
    public static IReadOnlyList<ListRow> Sort(IEnumerable<ListRow> rows) =>
        rows.OrderBy(r => r.Id < 0 ? 1 : 0)
            .ThenBy(r => r.Id < 0 ? 0 : r.Id)
            .ThenBy(r => r.Id < 0 ? r.Name : "", StringComparer.OrdinalIgnoreCase)
            .ToArray();

    public static string Table(IReadOnlyList<ListRow> rows, bool withTitle)
    {
        string[] header = withTitle ? ["Id", "Name", "State", "Title"] : ["Id", "Name", "State"];
        return VshTable.Format(header, rows.Select(r =>
        {
            var id = r.Id < 0 ? "-" : Text.Inv($"{r.Id}");
            var state = r.State is { } s ? s.StateText : "-";
            return withTitle ? (IReadOnlyList<string>)[id, r.Name, state, r.Title ?? ""] : [id, r.Name, state];
        }));
    }

    /// <summary>--uuid and/or --name without --table: one domain per line.</summary>
    public static string Plain(IReadOnlyList<ListRow> rows, bool uuid, bool name) => string.Concat(rows.Select(r =>
        uuid && name ? $"{r.Uuid:D} {r.Name}\n"
        : uuid ? $"{r.Uuid:D}\n"
        : $"{r.Name}\n"));
}
