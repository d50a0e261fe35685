using Vireo.Platform.Xml;

namespace Vireo.Platform.Tests.Xml;

/// <summary>RelaxNG validation through the machine's libxml2, against a small schema of the test's own.</summary>
public sealed class RelaxNgValidatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-rng-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Schema()
    {
        var path = Path.Combine(_dir, "thing.rng");
        File.WriteAllText(path, """
            <grammar xmlns="http://relaxng.org/ns/structure/1.0">
              <start>
                <element name="thing">
                  <attribute name="size"><choice><value>small</value><value>big</value></choice></attribute>
                  <optional><element name="label"><text/></element></optional>
                </element>
              </start>
            </grammar>
            """);
        return path;
    }

    [Fact]
    public void A_valid_document_passes_with_no_sentences()
    {
        var r = RelaxNgValidator.Validate(Schema(), "<thing size='big'><label>x</label></thing>");
        Assert.Equal(new RelaxNgValidator.Result(true, true, ""), r);
    }

    [Fact]
    public void An_invalid_document_fails_with_libxml2s_sentences_each_ending_with_a_newline()
    {
        var r = RelaxNgValidator.Validate(Schema(), "<thing size='big'><colour/></thing>");
        Assert.True(r.SchemaLoaded);
        Assert.False(r.Valid);
        Assert.Equal("Did not expect element colour there\n", r.Errors); // xmllint --relaxng prints the same sentence

        var bad = RelaxNgValidator.Validate(Schema(), "<thing size='huge'/>");
        Assert.False(bad.Valid);
        Assert.Equal("Element thing failed to validate attributes\n", bad.Errors);
    }

    [Fact]
    public void A_missing_or_broken_schema_is_reported_as_not_loaded()
    {
        Assert.False(RelaxNgValidator.Validate(Path.Combine(_dir, "none.rng"), "<thing/>").SchemaLoaded);
        var broken = Path.Combine(_dir, "broken.rng");
        File.WriteAllText(broken, "<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start><nonsense/></start></grammar>");
        var r = RelaxNgValidator.Validate(broken, "<thing/>");
        Assert.False(r.SchemaLoaded);
        Assert.NotEqual("", r.Errors);
    }
}
