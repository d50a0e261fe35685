using Vireo.Core.Errors;

namespace Vireo.Core.Storage;

/// <summary>The storage driver's errors, worded as libvirt 9.0's storage driver words them (checked against libvirtd).</summary>
public static class StorageErrors
{
    private const VirErrorDomain From = VirErrorDomain.Storage;

    public static VirException NoPoolByName(string name) => new(VirErrorCode.NoStoragePool, From, $"no storage pool with matching name '{name}'");

    public static VirException NoPoolByUuid(Guid uuid) => new(VirErrorCode.NoStoragePool, From, $"no storage pool with matching uuid '{uuid:D}'");

    public static VirException NoPoolByUuid(Guid uuid, string name) =>
        new(VirErrorCode.NoStoragePool, From, $"no storage pool with matching uuid '{uuid:D}' ({name})");

    public static VirException NoPoolByTargetPath(string path) =>
        new(VirErrorCode.NoStoragePool, From, $"no storage pool with matching target path '{path}'");

    public static VirException NoVolByName(string name) => new(VirErrorCode.NoStorageVol, From, $"no storage vol with matching name '{name}'");

    public static VirException NoVolByKey(string key) => new(VirErrorCode.NoStorageVol, From, $"no storage vol with matching key {key}");

    public static VirException NoVolByPath(string path) => new(VirErrorCode.NoStorageVol, From, $"no storage vol with matching path '{path}'");

    public static VirException NotActive(string pool) => new(VirErrorCode.OperationInvalid, From, $"storage pool '{pool}' is not active");

    public static VirException AlreadyActive(string pool) => new(VirErrorCode.OperationInvalid, From, $"storage pool '{pool}' is already active");

    public static VirException StillActive(string pool) => new(VirErrorCode.OperationInvalid, From, $"storage pool '{pool}' is still active");

    public static VirException PoolExists(string name, Guid uuid) => new(VirErrorCode.OperationFailed, From, $"pool '{name}' already exists with uuid {uuid:D}");

    public static VirException PoolUuidTaken(Guid uuid, string name) =>
        new(VirErrorCode.OperationFailed, From, $"pool '{name}' is already defined with uuid {uuid:D}");

    public static VirException SourceConflict(string otherPool) => new(VirErrorCode.OperationFailed, From, $"Storage source conflict with pool: '{otherPool}'");

    public static VirException VolExists(string name) => new(VirErrorCode.StorageVolExist, From, $"'{name}'");

    public static VirException Xml(string detail) => new(VirErrorCode.XmlError, From, detail);

    public static VirException Unsupported(string detail) => new(VirErrorCode.ConfigUnsupported, From, detail);

    public static VirException Invalid(string detail) => new(VirErrorCode.OperationInvalid, From, detail);

    public static VirException InvalidArg(string detail) => new(VirErrorCode.InvalidArg, From, detail);

    public static VirException Failed(string detail) => new(VirErrorCode.OperationFailed, From, detail);

    public static VirException NotPersistent(string pool) => new(VirErrorCode.OperationInvalid, From, $"storage pool '{pool}' is not persistent");

    public static VirException NoConfigFile() => new(VirErrorCode.InternalError, From, "pool has no config file");

    public static VirException System(string detail) => new(VirErrorCode.SystemError, VirErrorDomain.None, detail);
}
