using Vireo.Core.Domain;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>&lt;driver error_policy rerror_policy&gt; as the disk device's werror/rerror (libvirt's mapping).</summary>
public sealed class DiskErrorPolicyArgsTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData(DiskErrorPolicy.Stop, null, "stop", "stop")]
    [InlineData(DiskErrorPolicy.Report, null, "report", "report")]
    [InlineData(DiskErrorPolicy.Ignore, DiskErrorPolicy.Stop, "ignore", "stop")]
    [InlineData(DiskErrorPolicy.Enospace, null, "enospc", null)]
    [InlineData(null, DiskErrorPolicy.Report, null, "report")]
    public void Error_policies_become_werror_and_rerror(DiskErrorPolicy? write, DiskErrorPolicy? read, string? werror, string? rerror) =>
        Assert.Equal((werror, rerror), DiskArgs.ErrorPolicies(new DiskDriverDef { ErrorPolicy = write, RerrorPolicy = read }));
}
