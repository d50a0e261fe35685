using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Vireo.Qemu.Tests.Features.Agent;

/// <summary>The captured agent and QMP answers next to these tests (see GuestAgentAnswersTests for where they come from).</summary>
internal static class AgentFixtures
{
    public static string Text(string name, [CallerFilePath] string source = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, name));

    public static JsonNode? Json(string name) => JsonNode.Parse(Text(name));
}
