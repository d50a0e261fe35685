using Vireo.Cli.Formatting;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>The XML and sizes virsh 9.0 builds from pool-define-as and vol-create-as arguments (its --print-xml output and error lines).</summary>
public sealed class StorageXmlTextTests
{
    [Fact]
    public void Dir_pool_from_arguments_is_virshs_print_xml() =>
        Assert.Equal("<pool type='dir'>\n  <name>px</name>\n  <target>\n    <path>/tmp/x</path>\n  </target>\n</pool>\n",
            StorageXmlText.DirPool("px", "/tmp/x"));

    [Fact]
    public void Volume_with_a_backing_store_is_virshs_print_xml() =>
        Assert.Equal(
            "<volume>\n  <name>z</name>\n  <capacity>1073741824</capacity>\n  <target>\n    <format type='qcow2'/>\n  </target>\n" +
            "  <backingStore>\n    <path>/tmp/cap/pools/p1/a.qcow2</path>\n    <format type='qcow2'/>\n  </backingStore>\n</volume>\n",
            StorageXmlText.Volume("z", 1073741824, null, "qcow2", "/tmp/cap/pools/p1/a.qcow2", "qcow2"));

    [Theory]
    [InlineData("100", 100UL)]
    [InlineData("10M", 10485760UL)]
    [InlineData("1G", 1073741824UL)]
    [InlineData("1GiB", 1073741824UL)]
    [InlineData("512KB", 512000UL)]
    [InlineData("3b", 3UL)]
    [InlineData("+1M", 1048576UL)]
    public void Scaled_sizes_are_parsed_as_virsh_parses_them(string text, ulong expected)
    {
        var (value, error) = StorageXmlText.ParseSize(text);
        Assert.Null(error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc", "Malformed size abc")]
    [InlineData("1Q", "Malformed size 1Q|invalid argument: unknown suffix 'Q'")]
    [InlineData("1.5G", "Malformed size 1.5G|invalid argument: unknown suffix '.5G'")]
    public void Malformed_sizes_get_virshs_error_lines(string text, string lines)
    {
        var (_, error) = StorageXmlText.ParseSize(text);
        Assert.Equal(lines.Split('|'), error);
    }

    [Fact]
    public void A_clone_is_the_original_renamed_as_virshs_print_xml_shows_it()
    {
        // vol-dumpxml's text and virsh 9.0's `vol-clone b.img zz.img --print-xml` of it (trimmed to the first elements).
        const string original = "<volume type='file'>\n  <name>b.img</name>\n  <key>/p/b.img</key>\n  <capacity unit='bytes'>10485760</capacity>\n" +
            "  <target>\n    <path>/p/b.img</path>\n    <format type='raw'/>\n  </target>\n</volume>\n";
        const string expected = "<volume type=\"file\">\n  <name>zz.img</name>\n  <key>/p/b.img</key>\n  <capacity unit=\"bytes\">10485760</capacity>\n" +
            "  <target>\n    <path>/p/b.img</path>\n    <format type=\"raw\"/>\n  </target>\n</volume>";
        Assert.Equal(expected, StorageXmlText.Clone(original, "zz.img"));
    }
}
