using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol;

/// <summary>remote_nonnull_domain_snapshot: a snapshot name and its domain.</summary>
public readonly record struct SnapshotRef(string Name, DomainRef Domain);

/// <summary>remote_vcpu_info.</summary>
public readonly record struct WireVcpuInfo(uint Number, int State, ulong CpuTime, int Cpu);

/// <summary>The shared wire shapes (remote_nonnull_domain, typed parameters, ...) as reader/writer extensions.</summary>
public static class WireTypes
{
    public static DomainRef ReadDomain(this ref XdrReader r)
    {
        var name = r.ReadString();
        var uuid = r.ReadUuid();
        var id = r.ReadInt();
        return new DomainRef(name, uuid, id);
    }

    public static void WriteDomain(this ref XdrWriter w, in DomainRef d)
    {
        w.WriteString(d.Name);
        w.WriteUuid(d.Uuid);
        w.WriteInt(d.Id);
    }

    /// <summary>remote_domain: an optional domain.</summary>
    public static DomainRef? ReadOptionalDomain(this ref XdrReader r) => r.ReadOptionalFlag() ? r.ReadDomain() : null;

    public static void WriteOptionalDomain(this ref XdrWriter w, DomainRef? d)
    {
        if (d is null) { w.WriteInt(0); return; }
        w.WriteInt(1);
        w.WriteDomain(d.Value);
    }

    public static DomainRef[] ReadDomains(this ref XdrReader r, int max)
    {
        var n = r.ReadCount(max, 24);
        var list = new DomainRef[n];
        for (var i = 0; i < n; i++) list[i] = r.ReadDomain();
        return list;
    }

    public static void WriteDomains(this ref XdrWriter w, IReadOnlyList<DomainRef> doms)
    {
        w.WriteInt(doms.Count);
        for (var i = 0; i < doms.Count; i++) w.WriteDomain(doms[i]);
    }

    public static SnapshotRef ReadSnapshot(this ref XdrReader r)
    {
        var name = r.ReadString();
        return new SnapshotRef(name, r.ReadDomain());
    }

    public static void WriteSnapshot(this ref XdrWriter w, in SnapshotRef s)
    {
        w.WriteString(s.Name);
        w.WriteDomain(s.Domain);
    }

    public static SnapshotRef[] ReadSnapshots(this ref XdrReader r, int max)
    {
        var n = r.ReadCount(max, 28);
        var list = new SnapshotRef[n];
        for (var i = 0; i < n; i++) list[i] = r.ReadSnapshot();
        return list;
    }

    public static void WriteSnapshots(this ref XdrWriter w, IReadOnlyList<SnapshotRef> snaps)
    {
        w.WriteInt(snaps.Count);
        foreach (var s in snaps) w.WriteSnapshot(s);
    }

    /// <summary>remote_typed_param: a field name and a union discriminated by virTypedParameterType.</summary>
    public static TypedParameter ReadTypedParam(this ref XdrReader r)
    {
        var field = r.ReadString(80);
        var type = (TypedParameterType)r.ReadInt();
        return type switch
        {
            TypedParameterType.Int => new TypedParameter(field, type, r.ReadInt()),
            TypedParameterType.UInt => new TypedParameter(field, type, r.ReadUInt()),
            TypedParameterType.LLong => new TypedParameter(field, type, r.ReadHyper()),
            TypedParameterType.ULLong => new TypedParameter(field, type, unchecked((long)r.ReadUHyper())),
            TypedParameterType.Double => new TypedParameter(field, type, Real: r.ReadDouble()),
            TypedParameterType.Boolean => new TypedParameter(field, type, r.ReadInt() != 0 ? 1 : 0),
            TypedParameterType.String => new TypedParameter(field, type, Text: r.ReadString()),
            _ => throw new XdrException($"unknown typed parameter type {(int)type} for '{field}'"),
        };
    }

    public static void WriteTypedParam(this ref XdrWriter w, TypedParameter p)
    {
        w.WriteString(p.Field);
        w.WriteInt((int)p.Type);
        switch (p.Type)
        {
            case TypedParameterType.Int: w.WriteInt((int)p.Integer); break;
            case TypedParameterType.UInt: w.WriteUInt((uint)p.Integer); break;
            case TypedParameterType.LLong: w.WriteHyper(p.Integer); break;
            case TypedParameterType.ULLong: w.WriteUHyper(p.AsULong); break;
            case TypedParameterType.Double: w.WriteDouble(p.Real); break;
            case TypedParameterType.Boolean: w.WriteInt(p.Integer != 0 ? 1 : 0); break;
            case TypedParameterType.String: w.WriteString(p.Text ?? ""); break;
            default: throw new XdrException($"unknown typed parameter type {(int)p.Type} for '{p.Field}'");
        }
    }

    public static TypedParameter[] ReadTypedParams(this ref XdrReader r, int max)
    {
        var n = r.ReadCount(max, 12);
        var list = new TypedParameter[n];
        for (var i = 0; i < n; i++) list[i] = r.ReadTypedParam();
        return list;
    }

    public static void WriteTypedParams(this ref XdrWriter w, IReadOnlyList<TypedParameter> ps)
    {
        w.WriteInt(ps.Count);
        for (var i = 0; i < ps.Count; i++) w.WriteTypedParam(ps[i]);
    }

    public static string[] ReadStrings(this ref XdrReader r, int max)
    {
        var n = r.ReadCount(max);
        var list = new string[n];
        for (var i = 0; i < n; i++) list[i] = r.ReadString();
        return list;
    }

    public static void WriteStrings(this ref XdrWriter w, IReadOnlyList<string> items)
    {
        w.WriteInt(items.Count);
        foreach (var s in items) w.WriteString(s);
    }
}
