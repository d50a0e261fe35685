using Vireo.Drivers.Secrets;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// The secret procedures' records. On the wire a secret is {uuid; int usageType; string usageID}
// (remote_nonnull_secret); a value is opaque<65536>.

/// <summary>remote_nonnull_secret as reader/writer extensions, and the limits of the secret records.</summary>
public static class SecretWire
{
    public const int SecretListMax = 16384;
    public const int ValueMax = 65536;

    public static SecretRef ReadSecret(this ref XdrReader r)
    {
        var uuid = r.ReadUuid();
        var type = (SecretUsageType)r.ReadInt();
        return new SecretRef(uuid, type, r.ReadString());
    }

    public static void WriteSecret(this ref XdrWriter w, in SecretRef s)
    {
        w.WriteUuid(s.Uuid);
        w.WriteInt((int)s.UsageType);
        w.WriteString(s.UsageId);
    }
}

/// <summary>{secret} (undefine), also the reply of lookups and define.</summary>
public readonly record struct SecretArgs(SecretRef Secret) : IXdrRecord<SecretArgs>
{
    public static SecretArgs Decode(ref XdrReader r) => new(r.ReadSecret());
    public void Encode(ref XdrWriter w) => w.WriteSecret(Secret);
}

/// <summary>{secret; unsigned int flags} (get_xml_desc, get_value).</summary>
public readonly record struct SecretFlagsArgs(SecretRef Secret, uint Flags) : IXdrRecord<SecretFlagsArgs>
{
    public static SecretFlagsArgs Decode(ref XdrReader r) => new(r.ReadSecret(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteSecret(Secret);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_secret_set_value_args: {secret; opaque value&lt;65536&gt;; unsigned int flags}.</summary>
public readonly record struct SecretSetValueArgs(SecretRef Secret, byte[] Value, uint Flags) : IXdrRecord<SecretSetValueArgs>
{
    public static SecretSetValueArgs Decode(ref XdrReader r) => new(r.ReadSecret(), r.ReadOpaque(SecretWire.ValueMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteSecret(Secret);
        w.WriteOpaque(Value);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_secret_get_value_ret: {opaque value&lt;65536&gt;}.</summary>
public readonly record struct SecretValueRet(byte[] Value) : IXdrRecord<SecretValueRet>
{
    public static SecretValueRet Decode(ref XdrReader r) => new(r.ReadOpaque(SecretWire.ValueMax));
    public void Encode(ref XdrWriter w) => w.WriteOpaque(Value);
}

/// <summary>remote_secret_lookup_by_usage_args: {int usageType; string usageID}.</summary>
public readonly record struct SecretUsageArgs(SecretUsageType UsageType, string UsageId) : IXdrRecord<SecretUsageArgs>
{
    public static SecretUsageArgs Decode(ref XdrReader r) => new((SecretUsageType)r.ReadInt(), r.ReadString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt((int)UsageType);
        w.WriteString(UsageId);
    }
}

/// <summary>remote_connect_list_all_secrets_ret: {secrets&lt;&gt;; unsigned int ret}.</summary>
public readonly record struct SecretListRet(IReadOnlyList<SecretRef> Secrets, uint Count) : IXdrRecord<SecretListRet>
{
    public static SecretListRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(SecretWire.SecretListMax, 24);
        var list = new SecretRef[n];
        for (var i = 0; i < n; i++) list[i] = r.ReadSecret();
        return new SecretListRet(list, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Secrets.Count);
        foreach (var s in Secrets) w.WriteSecret(s);
        w.WriteUInt(Count);
    }
}

/// <summary>remote_connect_secret_event_register_any_args: {int eventID; optional secret}.</summary>
public readonly record struct SecretEventRegisterArgs(int EventId, SecretRef? Secret) : IXdrRecord<SecretEventRegisterArgs>
{
    public static SecretEventRegisterArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadOptionalFlag() ? r.ReadSecret() : null);

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(EventId);
        if (Secret is not { } s) { w.WriteInt(0); return; }
        w.WriteInt(1);
        w.WriteSecret(s);
    }
}

/// <summary>382 secret lifecycle event: {int callbackID; secret; int event; int detail}.</summary>
public readonly record struct SecretLifecycleMsg(int CallbackId, SecretRef Secret, int Event, int Detail) : IXdrRecord<SecretLifecycleMsg>
{
    public static SecretLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadSecret(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteSecret(Secret);
        w.WriteInt(Event);
        w.WriteInt(Detail);
    }
}

/// <summary>383 secret value-changed event: {int callbackID; secret}.</summary>
public readonly record struct SecretValueChangedMsg(int CallbackId, SecretRef Secret) : IXdrRecord<SecretValueChangedMsg>
{
    public static SecretValueChangedMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadSecret());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteSecret(Secret);
    }
}
