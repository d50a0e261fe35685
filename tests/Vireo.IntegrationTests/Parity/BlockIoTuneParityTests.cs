namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// virsh blkdeviotune and the &lt;iotune&gt; it writes, run by Debian's virsh against a sandboxed libvirtd 9.0 and
/// against vireod with the same guest (the parity demo guest, its disk throttled): config changes of a shut-off
/// domain, live changes of the running guest (read back from QEMU), the transient domain's refusals. Exit status,
/// stdout and stderr must be the same after <see cref="ParityNormaliser"/>.
/// </summary>
public sealed class BlockIoTuneParityTests
{
    private const string IoTune =
        "<iotune><group_name>g&amp;1</group_name><write_iops_sec_max_length>5</write_iops_sec_max_length><total_bytes_sec>1000000</total_bytes_sec>" +
        "<total_iops_sec_max>400</total_iops_sec_max><total_iops_sec>200</total_iops_sec><size_iops_sec>4096</size_iops_sec></iotune>";

    private static readonly ParityState[] States =
    [
        new("defined with <iotune>", ["define {dir}/parity.xml"], [
            "dumpxml parity --xpath //iotune", "start parity", "blkdeviotune parity vda", "blkdeviotune parity vda --config",
            "blkdeviotune parity vda --live", "blkdeviotune parity vdz", "blkdeviotune parity {dir}/parity.qcow2",
            "blkdeviotune parity vda --total-bytes-sec 10 --read-bytes-sec 5 --config",
            "blkdeviotune parity vda --total-iops-sec 10 --read-iops-sec 5 --config",
            "blkdeviotune parity vda --total-bytes-sec-max 5 --read-bytes-sec-max 3 --config",
            "blkdeviotune parity vda --total-iops-sec-max 5 --write-iops-sec-max 3 --config",
            "blkdeviotune parity vda --total-bytes-sec 1000000000000001 --live",
            "blkdeviotune parity vdz --total-bytes-sec 1000000000000001 --config",
            "blkdeviotune parity vdz --total-bytes-sec 5 --config", "blkdeviotune parity vda --read-bytes-sec 500 --live",
            "blkdeviotune parity vda --live --config", "blkdeviotune parity vda --total-bytes-sec-max 10 --config",
            "blkdeviotune parity vda --read-bytes-sec 500", "blkdeviotune parity vda --config",
            "blkdeviotune parity vda --read-bytes-sec-max-length 3 --config", "blkdeviotune parity vda --total-iops-sec-max-length 3 --config",
            "dumpxml parity --inactive --xpath //iotune",
            "blkdeviotune parity vda --total-bytes-sec-max 0 --write-iops-sec-max-length 0 --total-iops-sec-max-length 0 --read-bytes-sec-max-length 0 --config",
            "blkdeviotune parity vda --group-name q --total-bytes-sec 0 --read-bytes-sec 0 --total-iops-sec 0 --total-iops-sec-max 0 --size-iops-sec 0 --config",
            "dumpxml parity --inactive --xpath //iotune",
        ]),
        new("running", ["start parity"], [
            "blkdeviotune parity vda", "blkdeviotune parity vda --live", "blkdeviotune parity vda --config",
            "blkdeviotune parity vda --read-iops-sec 7 --live", "blkdeviotune parity vda --read-iops-sec 7 --total-iops-sec-max 0 --live",
            "blkdeviotune parity vda --total-iops-sec 9", "blkdeviotune parity vda", "dumpxml parity --xpath //iotune",
            "blkdeviotune parity vdz --total-bytes-sec 5 --live", "blkdeviotune parity vdz --live", "blkdeviotune parity vdz --config",
            "blkdeviotune parity vda --total-bytes-sec-max 50 --live", "blkdeviotune parity vda --total-bytes-sec 100 --total-bytes-sec-max 50 --live",
            "blkdeviotune parity vda --total-bytes-sec 100 --group-name g1 --live", "blkdeviotune parity vda --group-name g2 --live",
            "blkdeviotune parity vda --total-bytes-sec-max 150 --total-bytes-sec-max-length 3 --live", "blkdeviotune parity vda --live",
            "blkdeviotune parity vda --total-bytes-sec 0 --live", "dumpxml parity --xpath //iotune",
            "blkdeviotune parity vda --total-bytes-sec 0 --total-bytes-sec-max 0 --read-bytes-sec 0 --total-iops-sec 0 --total-bytes-sec-max-length 0 --size-iops-sec 0 --live",
            "blkdeviotune parity vda", "dumpxml parity --xpath //iotune", "blkdeviotune parity vda --total-bytes-sec 2000 --live --config",
            "blkdeviotune parity vda --config",
        ]),
        new("transient", ["destroy parity", "undefine parity", "create {dir}/parity-ok.xml"], [
            "create {dir}/parity.xml", "blkdeviotune parity vda --config", "blkdeviotune parity vda --total-bytes-sec 5 --config", "blkdeviotune parity vda",
            "destroy parity", "blkdeviotune parity vda",
        ]),
    ];

    [Fact]
    public Task Virsh_blkdeviotune_prints_the_same_for_vireod_as_for_libvirtd() =>
        ParityComparison.RunAsync(States, dir =>
        {
            var xml = DomainParityMatrix.DomainXml(dir).Replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>" + IoTune, StringComparison.Ordinal);
            return new Dictionary<string, string>
            {
                ["parity.xml"] = xml,
                // The same throttle with a burst length QEMU takes (parity.xml's write_iops_sec_max_length has no burst to last).
                ["parity-ok.xml"] = xml.Replace("write_iops_sec_max_length", "total_iops_sec_max_length", StringComparison.Ordinal),
            };
        });
}
