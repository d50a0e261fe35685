using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>
/// One demo guest booted once for the tuning tests: 2 vCPUs, 256 MiB in two guest NUMA cells (one vCPU
/// and 128 MiB each, distance 20), strict &lt;numatune&gt; on host node 0, a virtio balloon. Served by
/// <see cref="ServedEngine"/> so virsh reaches it. Each test leaves the guest as it found it.
/// </summary>
public sealed class TuningGuestFixture : IAsyncLifetime
{
    internal ServedEngine Rig { get; private set; } = null!;
    internal string Name { get; } = DemoKit.UniqueName("tune");
    internal DomainRef Domain { get; private set; }
    internal ConsoleReader Console { get; private set; } = null!;
    internal EventLog Events { get; private set; } = null!;

    /// <summary>The guest's cgroup, relative to each hierarchy.</summary>
    internal string CgroupPath { get; private set; } = "";

    public static string Edit(string xml) => xml
        .Replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>\n  <numatune><memory mode='strict' nodeset='0'/></numatune>", StringComparison.Ordinal)
        .Replace("</features>", """
            </features>
              <cpu>
                <numa>
                  <cell id='0' cpus='0' memory='131072' unit='KiB'>
                    <distances><sibling id='0' value='10'/><sibling id='1' value='20'/></distances>
                  </cell>
                  <cell id='1' cpus='1' memory='131072' unit='KiB'>
                    <distances><sibling id='0' value='20'/><sibling id='1' value='10'/></distances>
                  </cell>
                </numa>
              </cpu>
            """, StringComparison.Ordinal);

    public async ValueTask InitializeAsync()
    {
        MachineSetUp.Require(File.Exists("/usr/bin/virsh"), "virsh (libvirt-clients)");
        Rig = await ServedEngine.StartAsync();
        Events = new EventLog(Rig.Driver.Events, Name);
        Domain = await Rig.DefineAndStartAsync(Name, Edit);
        Console = await Rig.ConsoleAsync(Name);
        await Console.WaitUntilReadyAsync();
        var guest = Rig.Guest(Domain.Uuid);
        CgroupPath = CgroupFiles.GroupOf(guest.Process.Pid, guest.VcpuThreads[0], "cpuset");
        CgroupPath = CgroupPath[..CgroupPath.LastIndexOf('/')]; // ".../vcpu0" -> the guest's group
    }

    public async ValueTask DisposeAsync()
    {
        if (Console is not null) await Console.DisposeAsync();
        if (Rig is not null) await Rig.DisposeAsync();
        Events?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TuningGuestCollection : ICollectionFixture<TuningGuestFixture>
{
    public const string Name = "tuning guest";
}
