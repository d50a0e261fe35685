using System.Buffers;
using Vireo.Core.State;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Tests.Support;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests.Save;

/// <summary>
/// The argument records of save, restore and save-image-define, against bytes written out by hand from
/// libvirt's documented XDR layout: remote_nonnull_string = length word + bytes padded to 4;
/// remote_string = a "present" word (0/1) then the string; remote_nonnull_domain = name, 16 uuid bytes in
/// RFC order, int id; unsigned int = one big-endian word. Procedure numbers are remote_protocol.x's.
/// </summary>
public sealed class SaveRecordsXdrTests
{
    // remote_nonnull_domain {name "web1", uuid 72741797-7e6c-4fe4-85aa-7c14f559a862, id 3}
    private const string Web1 = "00000004" + "77656231" + "727417977E6C4FE485AA7C14F559A862" + "00000003";
    // "/tmp/a.sav" (10 bytes) + 2 bytes of padding
    private const string SavPath = "0000000A" + "2F746D702F612E736176" + "0000";
    // "<domain/>" (9 bytes) + 3 bytes of padding
    private const string DomainXml = "00000009" + "3C646F6D61696E2F3E" + "000000";
    private static readonly DomainRef Dom = new("web1", Domains.LvTest1, 3);

    [Fact]
    public void Save_flags_args_with_an_xml()
    {
        AssertRoundTrip(new DomainSaveFlagsArgs(Dom, "/tmp/a.sav", "<domain/>", 4), Web1 + SavPath + "00000001" + DomainXml + "00000004");
    }

    [Fact]
    public void Save_flags_args_without_an_xml_send_a_null_pointer()
    {
        AssertRoundTrip(new DomainSaveFlagsArgs(Dom, "/tmp/a.sav", null, 2), Web1 + SavPath + "00000000" + "00000002");
    }

    [Fact]
    public void Restore_flags_args_with_and_without_an_xml()
    {
        AssertRoundTrip(new DomainRestoreFlagsArgs("/tmp/a.sav", "<domain/>", 1), SavPath + "00000001" + DomainXml + "00000001");
        AssertRoundTrip(new DomainRestoreFlagsArgs("/tmp/a.sav", null, 0), SavPath + "00000000" + "00000000");
    }

    [Fact]
    public void Core_dump_args_are_domain_path_and_flags_and_with_format_adds_the_format_before_the_flags()
    {
        // remote_domain_core_dump_args {dom; to; flags}: VIR_DUMP_MEMORY_ONLY | VIR_DUMP_LIVE = 0x12.
        AssertRoundTrip(new DomainStringFlagsArgs(Dom, "/tmp/a.sav", 0x12), Web1 + SavPath + "00000012");
        // remote_domain_core_dump_with_format_args {dom; to; dumpformat; flags}: kdump-zlib = 1, VIR_DUMP_MEMORY_ONLY.
        AssertRoundTrip(new DomainCoreDumpWithFormatArgs(Dom, "/tmp/a.sav", 1, 0x10), Web1 + SavPath + "00000001" + "00000010");
        Assert.Equal(53, (int)RemoteProcedure.DomainCoreDump);
        Assert.Equal(334, (int)RemoteProcedure.DomainCoreDumpWithFormat);
    }

    [Fact]
    public void Save_image_define_xml_args_carry_a_non_null_xml()
    {
        AssertRoundTrip(new SaveImageDefineXmlArgs("/tmp/a.sav", "<domain/>", 4), SavPath + DomainXml + "00000004");
    }

    [Fact]
    public void Save_image_define_xml_args_refuse_a_null_xml()
    {
        // A peer that sends remote_string's "absent" word where a non-null string is due: word 0 reads as an
        // empty string, then the flags word is missing, so the message is refused rather than misread.
        var bytes = Convert.FromHexString(SavPath + "00000000");
        Assert.ThrowsAny<Exception>(() => Decode<SaveImageDefineXmlArgs>(bytes));
    }

    [Fact]
    public void Procedures_have_remote_protocol_numbers_and_signatures()
    {
        Assert.Equal(
            [(54, typeof(StringValue)), (55, typeof(DomainStringArgs)), (182, typeof(DomainFlagsArgs)), (184, typeof(DomainFlagsArgs)),
             (232, typeof(DomainSaveFlagsArgs)), (233, typeof(DomainRestoreFlagsArgs)), (235, typeof(StringFlagsArgs)),
             (236, typeof(SaveImageDefineXmlArgs)), (388, typeof(DomainFlagsArgs)), (389, typeof(DomainOptionalStringFlagsArgs))],
            new[]
            {
                RemoteProcedure.DomainRestore, RemoteProcedure.DomainSave, RemoteProcedure.DomainManagedSave, RemoteProcedure.DomainManagedSaveRemove,
                RemoteProcedure.DomainSaveFlags, RemoteProcedure.DomainRestoreFlags, RemoteProcedure.DomainSaveImageGetXmlDesc,
                RemoteProcedure.DomainSaveImageDefineXml, RemoteProcedure.DomainManagedSaveGetXmlDesc, RemoteProcedure.DomainManagedSaveDefineXml,
            }.Select(p => ((int)p, ProcedureSignatures.All[p].Args)));
        // The two XML getters return a remote_nonnull_string; the rest return nothing.
        Assert.Equal(typeof(StringValue), ProcedureSignatures.All[RemoteProcedure.DomainSaveImageGetXmlDesc].Ret);
        Assert.Equal(typeof(StringValue), ProcedureSignatures.All[RemoteProcedure.DomainManagedSaveGetXmlDesc].Ret);
        Assert.Equal(typeof(VoidRecord), ProcedureSignatures.All[RemoteProcedure.DomainSaveFlags].Ret);
    }

    private static void AssertRoundTrip<T>(T value, string hex) where T : IXdrRecord<T>
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new XdrWriter(buf);
        value.Encode(ref w);
        Assert.Equal(hex, Convert.ToHexString(buf.WrittenSpan));
        Assert.Equal(value, Decode<T>(Convert.FromHexString(hex)));
    }

    private static T Decode<T>(byte[] bytes) where T : IXdrRecord<T>
    {
        var r = new XdrReader(bytes);
        var v = T.Decode(ref r);
        r.EnsureEnd();
        return v;
    }
}
