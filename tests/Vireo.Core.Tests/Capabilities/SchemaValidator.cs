using System.Diagnostics;

namespace Vireo.Core.Tests.Capabilities;

/// <summary>Validates a document against one of libvirt's RelaxNG schemas with xmllint (the real tool, not a copy of its rules).</summary>
internal static class SchemaValidator
{
    public const string SchemaDir = "/usr/share/libvirt/schemas";

    /// <summary>Returns xmllint's verdict; fails the test when xmllint or the schema is not installed.</summary>
    public static (bool Valid, string Output) Validate(string xml, string schema)
    {
        string schemaPath = Path.Combine(SchemaDir, schema);
        if (!File.Exists(schemaPath))
            Assert.Fail($"libvirt's schema {schemaPath} is missing: install package libvirt0 (scripts/setup.sh does).");
        string file = Path.Combine(Path.GetTempPath(), $"vireo-caps-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var psi = new ProcessStartInfo("xmllint", ["--noout", "--relaxng", schemaPath, file])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            Process p;
            try
            {
                p = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Fail("xmllint is not installed: install package libxml2-utils (scripts/setup.sh does).");
                throw;
            }
            using (p)
            {
                string output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                return (p.ExitCode == 0, output);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
