using System.Runtime.InteropServices;
using System.Text;
using Vireo.Platform.Native;

namespace Vireo.Platform.Xml;

/// <summary>
/// Validates a document against a RelaxNG schema file with libxml2, as libvirt's virXMLValidateAgainstSchema
/// does: the verdict and libxml2's sentences are the ones libvirtd gives for the same schema.
/// </summary>
public static unsafe class RelaxNgValidator
{
    /// <summary>The outcome: <see cref="Errors"/> is libxml2's sentences, each ending with a newline, as libvirt collects them.</summary>
    public sealed record Result(bool SchemaLoaded, bool Valid, string Errors);

    /// <summary>
    /// Validates <paramref name="xml"/> (a well-formed document) against the schema at <paramref name="schemaPath"/>.
    /// A schema that cannot be read or parsed gives <see cref="Result.SchemaLoaded"/> false.
    /// </summary>
    public static Result Validate(string schemaPath, string xml)
    {
        var errors = new StringBuilder();
        var handle = GCHandle.Alloc(errors);
        nint parser = 0, schema = 0, valid = 0, doc = 0;
        try
        {
            if (!File.Exists(schemaPath)) return new Result(false, false, "");
            parser = LibXml2.RelaxNGNewParserCtxt(schemaPath);
            if (parser == 0) return new Result(false, false, "");
            LibXml2.RelaxNGSetParserStructuredErrors(parser, &Collect, GCHandle.ToIntPtr(handle));
            schema = LibXml2.RelaxNGParse(parser);
            if (schema == 0) return new Result(false, false, errors.ToString());

            var bytes = Encoding.UTF8.GetBytes(xml);
            fixed (byte* p = bytes)
                doc = LibXml2.ReadMemory(p, bytes.Length, null, null,
                    LibXml2.XML_PARSE_NONET | LibXml2.XML_PARSE_NOERROR | LibXml2.XML_PARSE_NOWARNING);
            if (doc == 0) return new Result(true, false, "");

            valid = LibXml2.RelaxNGNewValidCtxt(schema);
            if (valid == 0) return new Result(false, false, "");
            errors.Clear();
            LibXml2.RelaxNGSetValidStructuredErrors(valid, &Collect, GCHandle.ToIntPtr(handle));
            var rc = LibXml2.RelaxNGValidateDoc(valid, doc);
            return new Result(true, rc == 0, errors.ToString());
        }
        finally
        {
            if (valid != 0) LibXml2.RelaxNGFreeValidCtxt(valid);
            if (doc != 0) LibXml2.FreeDoc(doc);
            if (schema != 0) LibXml2.RelaxNGFree(schema);
            if (parser != 0) LibXml2.RelaxNGFreeParserCtxt(parser);
            handle.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static void Collect(nint data, nint error)
    {
        if (error == 0 || GCHandle.FromIntPtr(data).Target is not StringBuilder sink) return;
        var head = Marshal.PtrToStructure<LibXml2.ErrorHead>(error);
        if (head.Message != 0) sink.Append(Marshal.PtrToStringUTF8(head.Message));
    }
}
