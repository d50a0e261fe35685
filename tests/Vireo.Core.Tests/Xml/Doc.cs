namespace Vireo.Core.Tests.Xml;

/// <summary>Small documents for error tests: a valid minimal guest with pieces swapped in.</summary>
internal static class Doc
{
    public static string Vm(string devices = "", string top = "", string os = "<type arch='x86_64' machine='pc'>hvm</type>", string name = "web1") => $"""
        <domain type='qemu'>
          <name>{name}</name>
          <uuid>72741797-7e6c-4fe4-85aa-7c14f559a862</uuid>
          <memory unit='KiB'>262144</memory>
          <vcpu>2</vcpu>
          {top}
          <os>{os}</os>
          <devices>{devices}</devices>
        </domain>
        """;

    public static string Ct(string devices = "<filesystem type='mount'><source dir='/srv/ct/root'/><target dir='/'/></filesystem>", string top = "", string init = "<init>/bin/sh</init>") => $"""
        <domain type='lxc'>
          <name>ct1</name>
          <uuid>5a8f8d3c-0b1e-4a40-9f1d-6b1f0e2c3d01</uuid>
          <memory unit='KiB'>65536</memory>
          {top}
          <os><type>exe</type>{init}</os>
          <devices>{devices}</devices>
        </domain>
        """;
}
