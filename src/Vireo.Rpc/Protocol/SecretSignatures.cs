using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Protocol;

/// <summary>The records of the secret procedures (part of <see cref="ProcedureSignatures"/>).</summary>
internal static class SecretSignatures
{
    public static void Add(Dictionary<RemoteProcedure, (Type, Type)> m)
    {
        var v = typeof(VoidRecord);
        var i = typeof(IntValue);
        var secret = typeof(SecretArgs);
        m[RemoteProcedure.ConnectNumOfSecrets] = (v, i);
        m[RemoteProcedure.ConnectListSecrets] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectListAllSecrets] = (typeof(ListAllDomainsArgs), typeof(SecretListRet));
        m[RemoteProcedure.SecretLookupByUuid] = (typeof(UuidArgs), secret);
        m[RemoteProcedure.SecretLookupByUsage] = (typeof(SecretUsageArgs), secret);
        m[RemoteProcedure.SecretDefineXml] = (typeof(StringFlagsArgs), secret);
        m[RemoteProcedure.SecretGetXmlDesc] = (typeof(SecretFlagsArgs), typeof(StringValue));
        m[RemoteProcedure.SecretSetValue] = (typeof(SecretSetValueArgs), v);
        m[RemoteProcedure.SecretGetValue] = (typeof(SecretFlagsArgs), typeof(SecretValueRet));
        m[RemoteProcedure.SecretUndefine] = (secret, v);
        m[RemoteProcedure.ConnectSecretEventRegisterAny] = (typeof(SecretEventRegisterArgs), i);
        m[RemoteProcedure.ConnectSecretEventDeregisterAny] = (i, v);
        m[RemoteProcedure.SecretEventLifecycle] = (typeof(SecretLifecycleMsg), v);
        m[RemoteProcedure.SecretEventValueChanged] = (typeof(SecretValueChangedMsg), v);
    }
}
