using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>Per-domain reads (dominfo, domstate, dumpxml, vcpus, ...): from memory, never waiting for a job.</summary>
public static class DomainQueryProcedures
{
    /// <summary>VIR_DOMAIN_XML_SECURE: a read-only connection may not see secrets.</summary>
    private const uint XmlSecure = 1;

    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.DomainGetInfo, static (CallContext c, DomainArgs a) =>
        {
            var i = c.Driver.Domains.Info(a.Dom.Uuid);
            return new DomainGetInfoRet((int)i.State, i.MaxMemKiB, i.MemoryKiB, i.VirtCpus, i.CpuTimeNs);
        });
        d.RegisterSync(RemoteProcedure.DomainGetState, static (CallContext c, DomainFlagsArgs a) =>
        {
            var s = c.Driver.Domains.State(a.Dom.Uuid);
            return new DomainGetStateRet((int)s.State, s.Reason);
        });
        // Refused on read-only connections although it changes nothing: it talks to the guest's agent, which a
        // read-only client must not be able to block on (libvirt since CVE-2019-3886; checked against libvirtd 9.0).
        d.Register(RemoteProcedure.DomainGetHostname, static async (CallContext c, DomainFlagsArgs a) =>
            new StringValue(await c.Driver.Domains.HostnameAsync(a.Dom.Uuid, (HostnameFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainGetHostname"));
        d.RegisterSync(RemoteProcedure.DomainGetControlInfo, static (CallContext c, DomainFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainGetControlInfo");
            var i = c.Driver.Domains.ControlInfo(a.Dom.Uuid);
            return new DomainGetControlInfoRet((uint)i.State, i.Details, i.StateTimeMs);
        });
        d.RegisterSync(RemoteProcedure.DomainGetXmlDesc, static (CallContext c, DomainFlagsArgs a) =>
        {
            if ((a.Flags & XmlSecure) != 0 && c.Connection.IsReadOnly) throw RpcErrors.Forbidden("virDomainGetXMLDesc with secure flag");
            return new StringValue(c.Driver.Domains.Xml(a.Dom.Uuid, (XmlFlags)a.Flags));
        });
        d.RegisterSync(RemoteProcedure.DomainGetOsType, static (CallContext c, DomainArgs a) => new StringValue(c.Driver.Domains.OsType(a.Dom.Uuid)));
        d.RegisterSync(RemoteProcedure.DomainGetAutostart, static (CallContext c, DomainArgs a) => new IntValue(c.Driver.Domains.Autostart(a.Dom.Uuid) ? 1 : 0));
        d.RegisterSync(RemoteProcedure.DomainIsActive, static (CallContext c, DomainArgs a) =>
            new IntValue(c.Driver.Domains.State(a.Dom.Uuid).IsActive ? 1 : 0));
        d.RegisterSync(RemoteProcedure.DomainIsPersistent, static (CallContext c, DomainArgs a) => new IntValue(c.Driver.Domains.IsPersistent(a.Dom.Uuid) ? 1 : 0));
        d.RegisterSync(RemoteProcedure.DomainIsUpdated, static (CallContext c, DomainArgs a) =>
        {
            c.Driver.Domains.LookupByUuid(a.Dom.Uuid);
            return new IntValue(0);
        });
        d.RegisterSync(RemoteProcedure.DomainHasManagedSaveImage, static (CallContext c, DomainFlagsArgs a) =>
            new IntValue(c.Driver.Domains.HasManagedSave(a.Dom.Uuid) ? 1 : 0));
        d.RegisterSync(RemoteProcedure.DomainGetSecurityLabel, static (CallContext c, DomainArgs a) =>
        {
            c.Driver.Domains.LookupByUuid(a.Dom.Uuid);
            return new DomainGetSecurityLabelRet("", 0);
        });
        d.RegisterSync(RemoteProcedure.DomainGetMessages, static (CallContext c, DomainFlagsArgs a) =>
            new DomainGetMessagesRet([.. c.Driver.Domains.Messages(a.Dom.Uuid, a.Flags)]));
        d.RegisterSync(RemoteProcedure.DomainGetMaxMemory, static (CallContext c, DomainArgs a) => new ULongValue(c.Driver.Domains.MaxMemoryKiB(a.Dom.Uuid)));
        // From memory, except a count asked of the guest's agent (VIR_DOMAIN_VCPU_GUEST).
        d.Register(RemoteProcedure.DomainGetVcpusFlags, static async (CallContext c, DomainFlagsArgs a) =>
            new IntValue(await GuestVcpuProcedures.VcpuCountAsync(c, a).ConfigureAwait(false)));
        // virDomainGetMaxVcpus = the live maximum (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_VCPU_MAXIMUM).
        d.RegisterSync(RemoteProcedure.DomainGetMaxVcpus, static (CallContext c, DomainArgs a) => new IntValue(c.Driver.Domains.VcpuCount(a.Dom.Uuid, 1 | 4)));

        d.RegisterSync(RemoteProcedure.DomainGetVcpuPinInfo, static (CallContext c, DomainGetVcpuPinInfoArgs a) =>
        {
            var pins = c.Driver.Domains.VcpuPinInfo(a.Dom.Uuid, (ModifyFlags)a.Flags);
            var n = Math.Min(Math.Max(a.NCpuMaps, 0), pins.Count);
            var maplen = Math.Max(a.MapLen, 0);
            var maps = new byte[n * maplen];
            for (var i = 0; i < n; i++) Bitmaps.PackInto(pins[i], maps.AsSpan(i * maplen, maplen));
            return new CpuMapsRet(maps, n);
        });

        d.RegisterSync(RemoteProcedure.DomainGetVcpus, static (CallContext c, DomainGetVcpusArgs a) =>
        {
            var vcpus = c.Driver.Domains.Vcpus(a.Dom.Uuid);
            var n = Math.Min(Math.Max(a.MaxInfo, 0), vcpus.Count);
            var info = new WireVcpuInfo[n];
            for (var i = 0; i < n; i++) info[i] = new WireVcpuInfo((uint)vcpus[i].Number, vcpus[i].State, vcpus[i].CpuTimeNs, vcpus[i].Cpu);
            var maplen = Math.Max(a.MapLen, 0);
            var maps = new byte[Math.Max(a.MaxInfo, 0) * maplen];
            if (maplen > 0)
            {
                var pins = c.Driver.Domains.VcpuPinInfo(a.Dom.Uuid, ModifyFlags.Live);
                for (var i = 0; i < Math.Min(n, pins.Count); i++) Bitmaps.PackInto(pins[i], maps.AsSpan(i * maplen, maplen));
            }
            return new DomainGetVcpusRet(info, maps);
        });
    }
}
