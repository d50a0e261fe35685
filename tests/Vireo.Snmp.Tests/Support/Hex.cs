namespace Vireo.Snmp.Tests.Support;

/// <summary>Byte vectors written as the hex dumps in the AgentX notes: spaces and '|' are only for reading.</summary>
internal static class Hex
{
    public static byte[] Bytes(string dump) =>
        Convert.FromHexString(new string(dump.Where(Uri.IsHexDigit).ToArray()));

    public static string Of(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string Normal(string dump) => Of(Bytes(dump));
}
