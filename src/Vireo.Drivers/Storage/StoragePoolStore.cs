using Vireo.Core.Storage;
using Vireo.Drivers.Persistence;

namespace Vireo.Drivers.Storage;

/// <summary>
/// The storage driver's files, laid out as libvirt's (/etc/libvirt/storage, /run/libvirt/storage;
/// see <see cref="DefinitionFiles{TDef}"/>):
/// <list type="bullet">
/// <item><c>STATE/storage/NAME.xml</c>: the definition of every persistent pool;</item>
/// <item><c>STATE/storage/autostart/NAME.xml</c>: a symlink to ../NAME.xml marking autostart;</item>
/// <item><c>RUN/storage/NAME.xml</c>: the definition of every active pool (transient ones included).</item>
/// </list>
/// </summary>
public sealed class StoragePoolStore(string stateDir, string runDir)
    : DefinitionFiles<StoragePoolDef>(Path.Combine(stateDir, "storage"), Path.Combine(runDir, "storage"))
{
    protected override string Noun => "pool";

    protected override StoragePoolDef Parse(string xml) => StoragePoolXml.Parse(xml);

    // Stored as a never-started pool prints: zero sizes and the definition's own permissions.
    protected override string Format(StoragePoolDef def) => StoragePoolXml.Format(def, default, null);
}
