using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// virsh net-update (NETWORK_UPDATE 291) on the same defined NAT network on a sandboxed libvirtd 9.0 and on vireod:
/// every change and refusal prints the same (exit status, output, errors), and the definition both keep is
/// printed alike afterwards; then the same commands through `vireo` on vireod print what virsh printed for
/// libvirtd. Only defined, never started there: libvirtd shares the host's network namespace
/// (NetworkUpdateTests runs a network with its dnsmasq for real, in a test namespace).
/// </summary>
public sealed class NetworkUpdateParityTests
{
    [Fact]
    public async Task Dhcp_host_and_range_updates_and_refusals_are_libvirtds()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var ours = "virsh";
        async Task Both(params string[] args)
        {
            if (ours == "virsh")
            {
                await libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, args);
                return;
            }
            var theirs = await ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]);
            var vireo = await served.VireoAsync(args);
            Assert.True((theirs.ExitCode, theirs.Stdout, theirs.Stderr) == (vireo.ExitCode, vireo.Stdout, vireo.Stderr),
                $"{string.Join(' ', args)}\n--- virsh on libvirtd: {theirs}\n--- vireo on vireod: {vireo}");
        }
        Task Host(string command, string xml, params string[] more) => Both(["net-update", "vu1", command, "ip-dhcp-host", xml, .. more]);
        Task Range(string command, string xml, params string[] more) => Both(["net-update", "vu1", command, "ip-dhcp-range", xml, .. more]);
        var definition = served.WriteFile("vu1.xml", "<network><name>vu1</name><uuid>c61723ec-6286-48b9-bf6c-de24299e391b</uuid>"
            + "<forward mode='nat'/><bridge name='vub1' stp='on' delay='0'/><mac address='52:54:00:26:a7:0b'/><ip address='10.88.0.1' netmask='255.255.255.0'>"
            + "<dhcp><range start='10.88.0.100' end='10.88.0.150'/><host mac='52:54:00:00:00:01' name='a' ip='10.88.0.11'/></dhcp></ip></network>");
        foreach (var client in new[] { "virsh", "vireo" })
        {
            ours = "virsh";
            await Both("net-define", definition);
            ours = client;

            await Host("add", "<host mac='52:54:00:00:00:02' name='b' ip='10.88.0.12'/>", "--config");
            await Host("add", "<host mac='52:54:00:00:00:02' name='b' ip='10.88.0.12'/>", "--config");   // the same again
            await Host("add", "<host mac='52:54:00:00:00:03' name='c' ip='10.88.0.12'/>", "--config");   // its address
            await Host("add", "<host mac='52:54:00:00:00:09' name='b' ip='10.88.0.19'/>", "--config");   // its name
            await Host("add-last", "<host mac='52:54:00:00:00:02' ip='10.88.0.13'/>", "--config");        // its mac, no name
            await Host("delete", "<host mac='52:54:00:00:00:07' ip='10.88.0.17'/>", "--config");
            await Host("modify", "<host mac='52:54:00:00:00:07' ip='10.88.0.17'/>", "--config");
            await Host("modify", "<host mac='52:54:00:00:00:02' name='b2' ip='10.88.0.22'/>", "--config");
            await Host("add-first", "<host mac='52:54:00:00:00:05' ip='10.88.0.15'/>");                     // --current: the saved definition
            await Host("add", "<host ip='10.88.0.16'/>", "--config");
            await Host("add", "<host mac='52:54:00:00:00:06'/>", "--config");
            await Host("add", "<bogus/>", "--config");
            await Host("add", "<host mac='zz' ip='10.88.0.31'/>", "--config");
            await Host("add", "<host mac='52:54:00:00:00:0b' ip='bad'/>", "--config");
            await Host("add", "<host mac='52:54:00:00:00:0a' ip='10.88.0.30'/>", "--config", "--parent-index", "1");
            await Host("add", "<host mac='52:54:00:00:00:0a' ip='10.88.0.30'/>", "--config", "--parent-index", "0");
            await Host("delete", "<host mac='52:54:00:00:00:05' name='q' ip='10.88.0.15'/>", "--config");
            await Host("delete", "<host name='b2'/>", "--config");
            await Host("delete", "<host ip='10.88.0.30'/>", "--config");
            await Host("add", "<host mac='52:54:00:00:00:0c' ip='10.88.0.33'/>", "--live");               // not running
            await Host("add", "<host mac='52:54:00:00:00:0c' ip='10.88.0.33'/>", "--live", "--config");

            await Range("add", "<range start='10.88.0.200' end='10.88.0.210'/>", "--config");
            await Range("add", "<range start='10.88.0.200' end='10.88.0.210'/>", "--config");
            await Range("add", "<range start='10.88.0.220' end='10.88.0.210'/>", "--config");
            await Range("add", "<range start='10.99.0.220' end='10.99.0.230'/>", "--config");
            await Range("modify", "<range start='10.88.0.200' end='10.88.0.210'/>", "--config");
            await Range("delete", "<range start='10.88.0.200' end='10.88.0.210'/>", "--config");
            await Range("delete", "<range start='10.88.0.200' end='10.88.0.210'/>", "--config");
            await Range("add-first", "<range start='10.88.0.160' end='10.88.0.170'/>", "--config");
            await Range("add", "<range start='10.88.0.240'/>", "--config");
            await Range("add", "<host/>", "--config");

            await Both("net-update", "vu1", "add", "bridge", "<bridge name='x'/>", "--config");
            await Both("net-update", "vu1", "add", "bogus", "<x/>", "--config");
            await Both("net-update", "vu1", "bogus", "ip-dhcp-host", "<x/>", "--config");
            await Both("net-update", "nosuch", "add", "ip-dhcp-host", "<host mac='52:54:00:00:00:0b' ip='10.88.0.32'/>", "--config");
            await Both("net-update", "vu1", "add", "ip-dhcp-host", "<host mac='52:54:00:00:00:0c' ip='10.88.0.33'/>", "--config", "--live", "--current");

            await Both("net-dumpxml", "vu1");
            ours = "virsh";
            await Both("net-undefine", "vu1");
        }
    }
}
