namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// virsh blockcopy and the blockjob commands that end a copy, run by Debian's virsh against a sandboxed libvirtd 9.0
/// and against vireod with the same running guest (the parity demo guest): the refusals (persistent domain without
/// --transient-job, unknown disk, a destination that cannot be made, bad granularity, a second job), the live
/// &lt;mirror&gt; while the copy is mirroring, finishing (the original stays) and pivoting (the copy takes over), and
/// a transient domain's copy. Exit status, stdout and stderr must be the same after <see cref="ParityNormaliser"/>.
/// </summary>
public sealed class BlockCopyParityTests
{
    private static readonly ParityState[] States =
    [
        new("persistent and running", ["define {dir}/parity.xml", "start parity"], [
            "blockcopy parity vda {dir}/copy.img", "blockcopy parity vda {dir}/copy.qcow2 --format qcow2",
            "blockcopy parity vdz {dir}/copy.qcow2 --transient-job", "blockcopy parity vda {dir}/nodir/copy.qcow2 --transient-job",
            "blockcopy parity vda {dir}/missing.qcow2 --transient-job --reuse-external",
            "blockcopy parity vda {dir}/copy.qcow2 --transient-job --granularity 3",
            "blockcopy parity vda {dir}/parity.qcow2 --transient-job", "blockcopy parity vda {dir}/copy.qcow2 --verbose",
            "blockjob parity vda --info", "blockjob parity vda --pivot", "blockjob parity vda --abort",
            "blockcopy parity vda {dir}/copy.qcow2 --transient-job --buf-size 1048576 --wait",
            "dumpxml parity --xpath //disk/mirror/@*", "dumpxml parity --xpath //disk/mirror/format", "dumpxml parity --xpath //disk/mirror/source/@file",
            "blockjob parity vda --info", "blockjob parity vda --raw",
            "blockcopy parity vda {dir}/copy2.qcow2 --transient-job", "blockpull parity vda", "blockjob parity vda --abort",
            "domblklist parity", "dumpxml parity --xpath //disk/mirror", "blockjob parity vda --info",
            "blockcopy parity vda {dir}/copy.qcow2 --transient-job --reuse-external --pivot",
            "domblklist parity", "domblklist parity --inactive", "dumpxml parity --xpath //disk/source/@file",
            "dumpxml parity --xpath //disk/backingStore", "dumpxml parity --inactive --xpath //disk/source",
            "blockcopy parity vda {dir}/raw.img --transient-job --format raw --finish", "domblklist parity",
            "blockcopy parity vda {dir}/shallow.qcow2 --transient-job --shallow --format qcow2 --bandwidth 100 --wait",
            "blockjob parity vda --info", "dumpxml parity --xpath //disk/mirror/@*", "blockjob parity vda --pivot", "domblklist parity",
            "domblklist parity --inactive",
        ]),
        new("transient", ["destroy parity", "undefine parity", "create {dir}/parity.xml"], [
            "blockcopy parity vda {dir}/t.qcow2 --timeout 120 --finish", "blockcopy parity vda {dir}/t2.qcow2",
            "blockjob parity vda --info", "blockjob parity vda --pivot", "domblklist parity", "destroy parity",
            "blockcopy parity vda {dir}/t3.qcow2",
        ]),
    ];

    [Fact]
    public Task Virsh_blockcopy_prints_the_same_for_vireod_as_for_libvirtd() =>
        ParityComparison.RunAsync(States, dir => new Dictionary<string, string> { ["parity.xml"] = DomainParityMatrix.DomainXml(dir) });
}
