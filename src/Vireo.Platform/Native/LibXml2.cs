using System.Runtime.InteropServices;

namespace Vireo.Platform.Native;

/// <summary>
/// The few libxml2 (libxml2.so.2) imports RelaxNG validation needs. libvirt validates XML with libxml2,
/// so the same library gives the same verdict and the same sentences.
/// </summary>
internal static unsafe partial class LibXml2
{
    private const string Lib = "libxml2.so.2";

    /// <summary>xmlParserOption: no network access, no error output on stderr.</summary>
    public const int XML_PARSE_NOERROR = 1 << 5, XML_PARSE_NOWARNING = 1 << 6, XML_PARSE_NONET = 1 << 11;

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGNewParserCtxt", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint RelaxNGNewParserCtxt(string url);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGSetParserStructuredErrors")]
    public static partial void RelaxNGSetParserStructuredErrors(nint ctxt, delegate* unmanaged<nint, nint, void> handler, nint data);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGParse")]
    public static partial nint RelaxNGParse(nint ctxt);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGFreeParserCtxt")]
    public static partial void RelaxNGFreeParserCtxt(nint ctxt);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGFree")]
    public static partial void RelaxNGFree(nint schema);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGNewValidCtxt")]
    public static partial nint RelaxNGNewValidCtxt(nint schema);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGSetValidStructuredErrors")]
    public static partial void RelaxNGSetValidStructuredErrors(nint ctxt, delegate* unmanaged<nint, nint, void> handler, nint data);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGValidateDoc")]
    public static partial int RelaxNGValidateDoc(nint ctxt, nint doc);

    [LibraryImport(Lib, EntryPoint = "xmlRelaxNGFreeValidCtxt")]
    public static partial void RelaxNGFreeValidCtxt(nint ctxt);

    [LibraryImport(Lib, EntryPoint = "xmlReadMemory", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadMemory(byte* buffer, int size, string? url, string? encoding, int options);

    [LibraryImport(Lib, EntryPoint = "xmlFreeDoc")]
    public static partial void FreeDoc(nint doc);

    /// <summary>The head of libxml2's struct _xmlError: int domain, int code, char *message (the formatted sentence).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ErrorHead
    {
        public int Domain;
        public int Code;
        public nint Message;
    }
}
