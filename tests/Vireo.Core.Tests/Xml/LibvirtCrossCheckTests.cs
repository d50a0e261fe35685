using System.Diagnostics;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>
/// Checks the corpus against libvirt itself, not a copy of its rules: Debian's virsh with libvirt's in-process
/// test driver (test:///default, no daemon needed) defines each document Vireo formats, and libvirt's own
/// dumpxml (which adds libvirt's defaults) must parse in Vireo and format back to exactly libvirt's text.
/// </summary>
public sealed class LibvirtCrossCheckTests
{
    public static TheoryData<string> Domains => Corpus.Files("domains");

    /// <summary>
    /// libvirt 9.0 writes &lt;initenv&gt; values without escaping them (lxc-full has an '&amp;' in one), so its
    /// output for that document is not well-formed XML. libvirt must still accept Vireo's document.
    /// </summary>
    private static readonly HashSet<string> LibvirtWritesMalformedXml = ["lxc-full.xml"];

    [Theory]
    [MemberData(nameof(Domains))]
    public void LibvirtAcceptsOurXml_AndWeReproduceLibvirtsOwnOutput(string file)
    {
        var def = DomainXml.Parse(Corpus.Read("domains", file));
        var ours = DomainXml.Format(def, secure: true);
        var libvirts = DefineAndDump(ours, def.Name);
        if (LibvirtWritesMalformedXml.Contains(file))
        {
            Assert.Contains($"<name>{def.Name}</name>", libvirts, StringComparison.Ordinal);
            return;
        }
        var reformatted = DomainXml.Format(DomainXml.Parse(libvirts), secure: true);
        Assert.Equal(libvirts, reformatted);
    }

    [Fact]
    public void ControllersWithoutIndex_GetTheIndexesLibvirtGives()
    {
        // virt-install writes its ICH9 USB2 set without indexes; libvirt groups master and companions.
        var input = Corpus.Read("normalize", "controller-indexes.in.xml");
        var ours = DomainXml.Parse(input).Devices.Controllers
            .Select(c => $"{c.Type.ToString().ToLowerInvariant()}/{c.Model}/{c.Index}").Order(StringComparer.Ordinal);
        var libvirts = DomainXml.Parse(DefineAndDump(input, "controller-indexes")).Devices.Controllers
            .Where(c => c.Type != Vireo.Core.Domain.ControllerType.Pci) // libvirt adds its implicit pci-root
            .Select(c => $"{c.Type.ToString().ToLowerInvariant()}/{c.Model}/{c.Index}").Order(StringComparer.Ordinal);
        Assert.Equal(libvirts, ours);
    }

    private static string DefineAndDump(string xml, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"vireo-xml-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var psi = new ProcessStartInfo("virsh", ["-q", "-c", "test:///default", $"define {file}; dumpxml --security-info {name}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process process;
            try { process = Process.Start(psi)!; }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Fail("virsh is not installed: install package libvirt-clients (scripts/setup.sh does).");
                throw;
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"libvirt refused the document:\n{stderr}\n{xml}");
                var output = stdout.Result;
                var start = output.IndexOf("<domain", StringComparison.Ordinal);
                Assert.True(start >= 0, "virsh dumpxml printed no domain:\n" + output);
                // virsh ends its output with a blank line after libvirt's final newline.
                return output[start..].TrimEnd('\n') + "\n";
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
