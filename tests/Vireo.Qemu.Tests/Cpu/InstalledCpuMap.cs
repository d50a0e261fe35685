using Vireo.Qemu.Cpu;
using Vireo.Tests.Shared;

namespace Vireo.Qemu.Tests.Cpu;

/// <summary>libvirt's CPU map as Debian installs it, read as vireod reads it; a machine without it is not set up.</summary>
internal static class InstalledCpuMap
{
    public static X86CpuMap Load()
    {
        MachineSetUp.Require(File.Exists(Path.Combine(X86CpuMap.DefaultDirectory, "index.xml")), "libvirt's CPU map (package libvirt-daemon)");
        return X86CpuMap.Load();
    }
}
