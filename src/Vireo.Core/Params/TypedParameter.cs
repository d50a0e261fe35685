namespace Vireo.Core.Params;

/// <summary>libvirt's virTypedParameterType; the numbers travel on the wire.</summary>
public enum TypedParameterType { Int = 1, UInt = 2, LLong = 3, ULLong = 4, Double = 5, Boolean = 6, String = 7 }

/// <summary>
/// One named value of libvirt's typed-parameter lists (schedinfo, numatune, domstats, tunable events).
/// The value is kept in the one field that matches its type.
/// </summary>
public sealed record TypedParameter(string Field, TypedParameterType Type, long Integer = 0, double Real = 0, string? Text = null)
{
    public static TypedParameter Int(string field, int value) => new(field, TypedParameterType.Int, value);
    public static TypedParameter UInt(string field, uint value) => new(field, TypedParameterType.UInt, value);
    public static TypedParameter LLong(string field, long value) => new(field, TypedParameterType.LLong, value);
    public static TypedParameter ULLong(string field, ulong value) => new(field, TypedParameterType.ULLong, unchecked((long)value));
    public static TypedParameter Double(string field, double value) => new(field, TypedParameterType.Double, Real: value);
    public static TypedParameter Bool(string field, bool value) => new(field, TypedParameterType.Boolean, value ? 1 : 0);
    public static TypedParameter String(string field, string value) => new(field, TypedParameterType.String, Text: value);

    public ulong AsULong => unchecked((ulong)Integer);

    /// <summary>The value as virsh prints it.</summary>
    public override string ToString() => Type switch
    {
        TypedParameterType.String => Text ?? "",
        TypedParameterType.Double => Real.ToString("F6", System.Globalization.CultureInfo.InvariantCulture),
        TypedParameterType.Boolean => Integer != 0 ? "yes" : "no",
        TypedParameterType.ULLong => AsULong.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
