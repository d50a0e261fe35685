using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol;

/// <summary>
/// remote_error, the payload of every failed reply. libvirtd fills it as: message = the full sentence,
/// str1 = the generic format of the code, str2 = the detail, level 2, int1/int2 -1, dom/net/str3 NULL
/// (a few errors fill str1/int1/int2 otherwise: see <see cref="VirException.Str1"/>).
/// </summary>
public readonly record struct RemoteError(
    int Code, int Domain, string? Message, int Level, DomainRef? Dom,
    string? Str1, string? Str2, string? Str3, int Int1, int Int2) : IXdrRecord<RemoteError>
{
    public const int LevelError = 2;

    public static RemoteError From(VirException e) =>
        new((int)e.Code, (int)e.ErrorDomain, e.Message, LevelError, null, e.Str1 ?? e.Format, e.Detail, null, e.Int1, e.Int2);

    /// <summary>libvirt's VIR_ERR_RPC errors: str1 is "%s" and str2 repeats the message.</summary>
    public static RemoteError Rpc(string message) =>
        new((int)VirErrorCode.Rpc, (int)VirErrorDomain.Rpc, message, LevelError, null, "%s", message, null, -1, -1);

    /// <summary>The error as the exception the rest of Vireo uses (the client side).</summary>
    public VirException ToException() =>
        VirException.FromRemote((VirErrorCode)Code, (VirErrorDomain)Domain, Str2 ?? Message ?? "unknown error", Message ?? Str2 ?? "unknown error");

    public static RemoteError Decode(ref XdrReader r)
    {
        var code = r.ReadInt();
        var domain = r.ReadInt();
        var message = r.ReadOptionalString();
        var level = r.ReadInt();
        var dom = r.ReadOptionalDomain();
        var s1 = r.ReadOptionalString();
        var s2 = r.ReadOptionalString();
        var s3 = r.ReadOptionalString();
        var i1 = r.ReadInt();
        var i2 = r.ReadInt();
        // remote_network: {name, uuid}; only its presence matters to us.
        if (r.ReadOptionalFlag())
        {
            r.ReadString();
            r.ReadUuid();
        }
        return new RemoteError(code, domain, message, level, dom, s1, s2, s3, i1, i2);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Code);
        w.WriteInt(Domain);
        w.WriteOptionalString(Message);
        w.WriteInt(Level);
        w.WriteOptionalDomain(Dom);
        w.WriteOptionalString(Str1);
        w.WriteOptionalString(Str2);
        w.WriteOptionalString(Str3);
        w.WriteInt(Int1);
        w.WriteInt(Int2);
        w.WriteInt(0);
    }
}
