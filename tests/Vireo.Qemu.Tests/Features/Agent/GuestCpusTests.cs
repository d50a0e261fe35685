using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Tests.Features.Agent;

/// <summary>
/// guest-get-vcpus / guest-set-vcpus translation against what libvirtd 9.0 did with the kit's agent:
/// libvirtd-guest-vcpus.txt holds, per virsh call, the agent's answer libvirtd read and the request it sent
/// (from its debug log), and guest-get-vcpus.json a real answer for a guest with a hot-plugged, offline CPU.
/// </summary>
public sealed class GuestCpusTests
{
    private static IReadOnlyList<GuestCpu> Cpus(string json) => GuestCpus.FromAgent(JsonNode.Parse(json), "g");

    private static string Refusal(Action a) => Assert.Throws<VirException>(a).Message;

    public static TheoryData<string, string, string> LibvirtdCases()
    {
        var data = new TheoryData<string, string, string>();
        var lines = AgentFixtures.Text("libvirtd-guest-vcpus.txt").Split('\n').Where(l => !l.StartsWith('#')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            data.Add(lines[i], lines[i + 1], lines[i + 2]);
            i += 2;
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LibvirtdCases))]
    public void Each_call_sends_what_libvirtd_sent(string call, string answer, string sent)
    {
        var cpus = Cpus(answer);
        var words = call.Split(' ');
        Func<IReadOnlyList<GuestCpu>> changes = words[0] switch
        {
            "setvcpus" => () => GuestCpus.ChangesFor(cpus, uint.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture)),
            "guestvcpus" => () => GuestCpus.ChangesFor(cpus, LibvirtBitmap.Parse(words[2], GuestCpus.BitmapSize), online: words[3] == "--enable"),
            _ => throw new InvalidDataException(call),
        };
        if (sent.StartsWith("error: ", StringComparison.Ordinal))
        {
            Assert.Equal(sent["error: ".Length..], Refusal(() => changes()));
            return;
        }
        var made = changes();
        if (sent == "none")
        {
            Assert.Empty(made);
            return;
        }
        var request = new JsonObject { ["execute"] = GuestCpus.SetCommand, ["arguments"] = GuestCpus.SetArguments(made) };
        Assert.Equal(sent, request.ToJsonString());
    }

    [Fact]
    public void The_state_is_libvirts_three_bitmaps_and_the_counts_follow_it()
    {
        // libvirtd 9.0 for this answer: virsh guestvcpus printed vcpus 0-2, online 0, offlinable 1-2;
        // vcpucount --guest 1, --guest --maximum 3.
        var cpus = GuestCpus.FromAgent(AgentFixtures.Json("guest-get-vcpus.json"), "g");
        var state = GuestCpus.State(cpus);
        Assert.Equal(("0-2", "0", "1-2"), (LibvirtBitmap.Format(state.Vcpus), LibvirtBitmap.Format(state.Online), LibvirtBitmap.Format(state.Offlinable)));
        Assert.Equal((1, 3), (cpus.Count(c => c.Online), cpus.Count));
        Assert.Equal("", LibvirtBitmap.Format(GuestCpus.State([new GuestCpu(0, true, false)]).Offlinable));
        Assert.Equal("internal error: vcpu id '4096' reported by guest agent is out of range", Refusal(() => GuestCpus.State([new GuestCpu(4096, true, true)])));
    }

    [Fact]
    public void A_count_keeps_cpu_0_online_and_refuses_what_the_guest_cannot_do_in_libvirts_words()
    {
        var allOfflinable = Cpus("""[{"logical-id":0,"online":true,"can-offline":true},{"logical-id":1,"online":true,"can-offline":true}]""");
        Assert.Equal([new GuestCpu(1, false, true)], GuestCpus.ChangesFor(allOfflinable, 1));
        var cpus = Cpus("""[{"logical-id":1,"online":true,"can-offline":true},{"logical-id":0,"online":true,"can-offline":false}]""");
        Assert.Equal("internal error: guest agent reports less cpu than requested", Refusal(() => GuestCpus.ChangesFor(cpus, 3)));
        Assert.Equal("invalid argument: Cannot offline enough CPUs", Refusal(() => GuestCpus.ChangesFor(cpus, 0)));
        Assert.Equal("invalid argument: Cannot offline enough CPUs", Refusal(() => GuestCpus.ChangesFor(allOfflinable, 0)));
        var broken = Cpus("""[{"logical-id":0,"online":true,"can-offline":false},{"logical-id":1,"online":false,"can-offline":false}]""");
        Assert.Equal("internal error: Invalid data provided by guest agent", Refusal(() => GuestCpus.ChangesFor(broken, 1)));
    }

    [Fact]
    public void The_agents_count_of_changes_made_must_be_between_one_and_the_number_asked()
    {
        Assert.Equal(1, GuestCpus.Processed(JsonNode.Parse("1"), 2));
        Assert.Equal(2, GuestCpus.Processed(JsonNode.Parse("2"), 2));
        foreach (var bad in new[] { "0", "3", "-1", "\"2\"", "null" })
            Assert.Equal("internal error: guest agent returned malformed or invalid return value", Refusal(() => GuestCpus.Processed(JsonNode.Parse(bad), 2)));
    }

    [Fact]
    public void A_malformed_answer_names_the_domain_and_what_is_missing()
    {
        Assert.Equal("internal error: the guest agent of domain 'web1' answered guest-get-vcpus badly: its answer is not a list",
            Refusal(() => GuestCpus.FromAgent(JsonNode.Parse("{}"), "web1")));
        Assert.Equal("internal error: the guest agent of domain 'web1' answered guest-get-vcpus badly: entry 1 lacks 'logical-id', 'online' or 'can-offline'",
            Refusal(() => GuestCpus.FromAgent(JsonNode.Parse("""[{"logical-id":0,"online":true,"can-offline":false},{"logical-id":1,"online":true}]"""), "web1")));
    }
}
