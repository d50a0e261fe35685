using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh dump over the driver's <see cref="IDomainCoreDump"/>: DOMAIN_CORE_DUMP (53, what virsh sends without
/// --format or with --format elf) and DOMAIN_CORE_DUMP_WITH_FORMAT (334), writes. libvirt's client library
/// refuses the exclusive flag pairs before the call leaves it; they are checked here too, with its words, for
/// clients that do not use it.
/// </summary>
public static class CoreDumpProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainCoreDump, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            await DumpAsync(c, a.Dom.Uuid, a.Text, (uint)CoreDumpFormat.Raw, a.Flags, "virDomainCoreDump").ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainCoreDump"));
        d.Register(RemoteProcedure.DomainCoreDumpWithFormat, static async (CallContext c, DomainCoreDumpWithFormatArgs a) =>
        {
            await DumpAsync(c, a.Dom.Uuid, a.To, a.DumpFormat, a.Flags, "virDomainCoreDumpWithFormat").ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainCoreDumpWithFormat"));
    }

    private static async Task DumpAsync(CallContext c, Guid uuid, string path, uint format, uint flags, string api)
    {
        var f = (CoreDumpFlags)flags;
        Exclusive(f, CoreDumpFlags.Crash, "VIR_DUMP_CRASH", CoreDumpFlags.Live, "VIR_DUMP_LIVE");
        Exclusive(f, CoreDumpFlags.Crash, "VIR_DUMP_CRASH", CoreDumpFlags.Reset, "VIR_DUMP_RESET");
        Exclusive(f, CoreDumpFlags.Live, "VIR_DUMP_LIVE", CoreDumpFlags.Reset, "VIR_DUMP_RESET");
        if (format > (uint)CoreDumpFormat.WinDmp)
            throw Core.Errors.VirErrors.InvalidArgSentence($"dumpformat '{format}' is not supported");
        await c.Feature<IDomainCoreDump>(api).CoreDumpAsync(uuid, path, (CoreDumpFormat)format, f, c.Cancellation).ConfigureAwait(false);
    }

    private static void Exclusive(CoreDumpFlags flags, CoreDumpFlags a, string aName, CoreDumpFlags b, string bName)
    {
        if (flags.HasFlag(a) && flags.HasFlag(b))
            throw Core.Errors.VirErrors.InvalidArgSentence($"Flags '{aName}' and '{bName}' are mutually exclusive");
    }
}
