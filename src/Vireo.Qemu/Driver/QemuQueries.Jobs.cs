using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver;

internal sealed partial class QemuQueries
{
    /// <summary>virsh domjobinfo: a read that takes no domain job (libvirt answers it during other jobs too).</summary>
    public DomainJobInfo JobInfo(Guid uuid) => DomainJobReport.Of(ctx.Registry.GetByUuid(uuid));
}
