using Vireo.Cli.Formatting;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Tests.Formatting;

public sealed class JobFormatTests
{
    [Fact]
    public void Domjobinfo_prints_the_type_as_virsh_does_and_the_raw_form_with_statistics()
    {
        // virsh domjobinfo / --rawstats of a running domain under libvirtd 9.0 (virsh adds the last newline).
        Assert.Equal("Job type:         None        \n", JobFormat.JobInfo(DomainJobType.None, [], raw: false));
        Assert.Equal("Job type: 0\n\n", JobFormat.JobInfo(DomainJobType.None, [], raw: true));
        Assert.Equal("Job type: 2\n\ntime_elapsed: 1500\n",
            JobFormat.JobInfo(DomainJobType.Unbounded, [TypedParameter.ULLong("time_elapsed", 1500)], raw: true));
    }
}
