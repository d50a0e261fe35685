using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Tests.Features.Agent;

/// <summary>
/// guestinfo's conversation: which agent commands it asks, and what a command the agent lacks does (left out
/// when all groups were asked, an error when that group was asked by name, as libvirt does). The agent's
/// refusal is read through the real agent client from a socket that answers as qemu-guest-agent 7.2 does.
/// </summary>
public sealed class GuestInfoCollectTests
{
    private static JsonNode? Fixture(string name) => AgentFixtures.Json(name);

    private static readonly Dictionary<string, string> Files = new()
    {
        ["guest-get-osinfo"] = "guest-get-osinfo.json", ["guest-get-timezone"] = "guest-get-timezone.json",
        ["guest-get-host-name"] = "guest-get-host-name.json", ["guest-get-fsinfo"] = "guest-get-fsinfo.json",
        ["guest-get-disks"] = "guest-get-disks.json", ["guest-network-get-interfaces"] = "guest-network-get-interfaces.json",
    };

    /// <summary>An agent without guest-get-users, its refusal as the client reports it.</summary>
    private static Task<JsonNode?> WithoutUsers(string command, List<string> asked, VirException refusal)
    {
        asked.Add(command);
        if (command == "guest-get-users") throw refusal;
        return Task.FromResult(Fixture(Files[command]));
    }

    [Fact]
    public async Task A_command_the_agent_lacks_is_left_out_of_all_groups_but_refused_when_asked_for()
    {
        var refusal = await RefusalFromAgentAsync();
        Assert.True(AgentCommandError.IsUnsupported(refusal));
        Assert.Equal("internal error: unable to execute QEMU agent command 'guest-get-users': The command guest-get-users has not been found", refusal.Message);

        var asked = new List<string>();
        var all = await GuestInfoParams.CollectAsync(GuestInfoTypes.None, (c, _) => WithoutUsers(c, asked, refusal),
            _ => Task.FromResult<IReadOnlyList<DiskLocation>>([]), "g", CancellationToken.None);
        Assert.Equal(GuestInfoParams.Commands.Select(c => c.Command), asked);
        Assert.DoesNotContain(all, p => p.Field.StartsWith("user.", StringComparison.Ordinal));
        Assert.Equal("os.machine", all[0].Field);

        var e = await Assert.ThrowsAsync<VirException>(() => GuestInfoParams.CollectAsync(GuestInfoTypes.Users | GuestInfoTypes.Hostname,
            (c, _) => WithoutUsers(c, [], refusal), _ => Task.FromResult<IReadOnlyList<DiskLocation>>([]), "g", CancellationToken.None));
        Assert.Same(refusal, e);

        var hostOnly = await GuestInfoParams.CollectAsync(GuestInfoTypes.Hostname, (c, _) => WithoutUsers(c, asked, refusal),
            _ => throw new InvalidOperationException("no disk lookup without fs or disk groups"), "g", CancellationToken.None);
        Assert.Equal(["hostname=vireo-guest"], hostOnly.Select(p => $"{p.Field}={p}"));
    }

    /// <summary>Runs the real client against a socket that syncs and then refuses the command as qemu-ga does.</summary>
    private static async Task<VirException> RefusalFromAgentAsync()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-agent-");
        try
        {
            var path = Path.Combine(dir.FullName, "agent.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var agentSide = Task.Run(async () =>
            {
                using var peer = await listener.AcceptAsync();
                await using var stream = new NetworkStream(peer);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var sync = JsonNode.Parse((await reader.ReadLineAsync())!.TrimStart((char)0xFFFD))!; // the client's 0xFF flush byte decodes as U+FFFD
                await stream.WriteAsync(new byte[] { 0xFF }); // guest-sync-delimited: the delimiter, then the answer
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"return\": {sync["arguments"]!["id"]}}}\n"));
                var command = JsonNode.Parse((await reader.ReadLineAsync())!)!;
                await stream.WriteAsync(Encoding.UTF8.GetBytes(
                    $"{{\"error\": {{\"class\": \"CommandNotFound\", \"desc\": \"The command {command["execute"]} has not been found\"}}}}\n"));
            });
            await using var agent = await GuestAgent.ConnectAsync(path, "g", TimeSpan.FromSeconds(30), CancellationToken.None);
            var e = await Assert.ThrowsAsync<VirException>(() => agent.ExecuteAsync("guest-get-users", null, CancellationToken.None));
            await agentSide;
            return e;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
