using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// domxml-to-native / domxml-from-native against vireod: the command line a start would run, on one line
/// with the environment first (as libvirtd prints it), from a file, a defined domain and python-libvirt;
/// libvirtd 9.0's refusals for a wrong format, for from-native and on the read-only socket.
/// </summary>
public sealed class DomxmlNativeTests
{
    private const string Xml = """
        <domain type='qemu'>
          <name>native-argv</name>
          <uuid>c7a5fdbd-edaf-9455-926a-d65c16db0b01</uuid>
          <memory unit='KiB'>262144</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
          <clock offset='timezone' timezone='Europe/Paris'/>
          <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
            <interface type='user'><mac address='52:54:00:aa:00:01'/><model type='virtio'/></interface>
          </devices>
        </domain>
        """;

    [Fact]
    public async Task Domxml_to_native_prints_the_start_argv_on_one_line_and_refuses_as_libvirtd()
    {
        await using var served = await ServedEngine.StartAsync();
        var file = Path.Combine(served.RootPath, "native.xml");
        await File.WriteAllTextAsync(file, Xml, TestContext.Current.CancellationToken);

        var (virsh, vireo) = await served.BothOkAsync("domxml-to-native", "qemu-argv", file);
        Assert.Equal(virsh, vireo);
        Assert.EndsWith("timestamp=on\n", virsh);
        var line = virsh.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/ TZ=Europe/Paris /usr/bin/qemu-system-x86_64 -name guest=native-argv,debug-threads=on -S ", line);
        var monitor = Path.Combine(served.Paths.RunDir, "domain--1-native-argv", "monitor.sock");
        Assert.Contains($" -chardev socket,id=charmonitor,path={monitor},server=on,wait=off ", line);
        Assert.Contains(" -uuid c7a5fdbd-edaf-9455-926a-d65c16db0b01 ", line);
        Assert.Contains("-netdev user,id=hostnet0", line);

        // The same through --xml, and from a defined domain (its XML as dumpxml gives it).
        Assert.Equal(virsh, await served.VirshOkAsync("domxml-to-native", "qemu-argv", "--xml", file));
        await served.VirshOkAsync("define", file);
        Assert.Equal(virsh, await served.VirshOkAsync("domxml-to-native", "qemu-argv", "--domain", "native-argv"));
        Assert.Equal(virsh, await served.VireoOkAsync("domxml-to-native", "qemu-argv", "--domain", "native-argv"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(monitor)), "domxml-to-native must not create the runtime directory");

        foreach (var (args, message) in new[]
        {
            (new[] { "domxml-to-native", "foo", file }, "error: invalid argument: unsupported config type foo"),
            (new[] { "domxml-to-native", "qemu-argv" }, "error: need either domain or domain XML"),
            (new[] { "domxml-to-native", "qemu-argv", "--xml", file, "--domain", "x" }, "error: Options --domain and --xml are mutually exclusive"),
            (new[] { "domxml-from-native", "qemu-argv", file }, "error: this function is not supported by the connection driver: virConnectDomainXMLFromNative"),
        })
        {
            Assert.Equal(message, (await served.VirshFailsAsync(args)).Trim());
            var fromVireo = await served.VireoAsync(args);
            Assert.Equal((1, message), (fromVireo.ExitCode, fromVireo.Stderr.Trim()));
        }

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            c = libvirt.open('{{served.Uri}}')
            xml = open('{{file}}').read()
            print(c.domainXMLToNative('qemu-argv', xml, 0).startswith('LC_ALL=C '))
            for call in (lambda: c.domainXMLToNative('qemu-argv', xml, 1), lambda: c.domainXMLFromNative('qemu-argv', 'x', 0)):
                try:
                    call()
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """]);
        Assert.Equal((0, "True\n8 10 unsupported flags (0x1) in function qemuConnectDomainXMLToNative\n" +
            "3 20 this function is not supported by the connection driver: virConnectDomainXMLFromNative"), (python.ExitCode, python.Stdout.Trim()));

        // vireod's read-only socket refuses both conversions itself (connect:write in libvirt).
        await using var ro = await VirConnection.OpenAsync(served.Uri, new VirConnectionOptions { ReadOnly = true }, TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<VirException>(() => ro.DomainXmlToNativeAsync("qemu-argv", Xml, TestContext.Current.CancellationToken));
        Assert.Equal("operation forbidden: read only access prevents virConnectDomainXMLToNative", e.Message);
    }
}
