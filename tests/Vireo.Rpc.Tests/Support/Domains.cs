namespace Vireo.Rpc.Tests.Support;

/// <summary>Domain XML for tests (the shape of the captures' lvtest domains).</summary>
public static class Domains
{
    public static string Xml(string name, Guid uuid, int memoryMiB = 256, int vcpus = 1) =>
        $"""
        <domain type='qemu'>
          <name>{name}</name>
          <uuid>{uuid:D}</uuid>
          <memory unit='KiB'>{memoryMiB * 1024}</memory>
          <currentMemory unit='KiB'>{memoryMiB * 1024}</currentMemory>
          <vcpu placement='static'>{vcpus}</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
          </os>
        </domain>
        """;

    public static readonly Guid LvTest1 = Guid.Parse("72741797-7e6c-4fe4-85aa-7c14f559a862");
    public static readonly Guid LvTest2 = Guid.Parse("49568a93-e8bc-42b7-aceb-3ccf44c1e167");
    public static readonly Guid LvTest3 = Guid.Parse("2a524963-addc-4cb9-996b-697d586f419d");
}
