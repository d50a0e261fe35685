namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// A situation both daemons are brought into by the same virsh commands (<see cref="Setup"/>, which must
/// succeed on both), and the command lines then run in it on both. A command line is split on spaces; a
/// single-quoted part keeps its spaces ('&lt;a x="1"/&gt;').
/// </summary>
internal sealed record ParityState(string Name, string[] Setup, string[] Commands)
{
    /// <summary>A setup step that waits until the guest's agent channel is connected on both daemons.</summary>
    public const string WaitForAgent = "#wait-for-agent";

    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (var c in line)
        {
            if (c == '\'') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted)
            {
                if (any) words.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else { current.Append(c); any = true; }
        }
        if (any) words.Add(current.ToString());
        return words;
    }
}
