using System.Diagnostics;
using System.Text.RegularExpressions;
using Vireo.Cli.Tests.Support;

namespace Vireo.Snmp.Tests.Support;

/// <summary>
/// The demo guest kit (scripts/make-guest.sh, through the CLI tests' DemoKit: a missing kit fails the test with the
/// command that builds it) sized for a test, and Debian's virsh.
/// </summary>
public static partial class GuestKit
{
    public const string Virsh = "/usr/bin/virsh";

    /// <summary>
    /// The kit's demo.xml renamed, with the memory and CPU count the test asserts written in (so the expected SNMP
    /// values come from this test, not from whatever the kit happens to say), saved in <paramref name="dir"/>.
    /// </summary>
    public static string WriteDomainXml(string dir, string name, int memoryMiB, int vcpus)
    {
        var file = DemoKit.WriteDomainXml(dir, name);
        var xml = File.ReadAllText(file);
        xml = MemoryElement().Replace(xml, $"<memory unit='MiB'>{memoryMiB}</memory>", 1);
        xml = CurrentMemoryElement().Replace(xml, $"<currentMemory unit='MiB'>{memoryMiB}</currentMemory>", 1);
        xml = VcpuElement().Replace(xml, $"<vcpu>{vcpus}</vcpu>", 1);
        File.WriteAllText(file, xml);
        return file;
    }

    /// <summary>Runs Debian's virsh against <paramref name="uri"/>, isolated from the machine's libvirt settings.</summary>
    public static async Task<NetSnmp.ToolResult> VirshAsync(string uri, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo(Virsh) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(uri);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return new NetSnmp.ToolResult(p.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"<memory\b[^>]*>[^<]*</memory>")]
    private static partial Regex MemoryElement();

    [GeneratedRegex(@"<currentMemory\b[^>]*>[^<]*</currentMemory>")]
    private static partial Regex CurrentMemoryElement();

    [GeneratedRegex(@"<vcpu\b[^>]*>[^<]*</vcpu>")]
    private static partial Regex VcpuElement();
}
