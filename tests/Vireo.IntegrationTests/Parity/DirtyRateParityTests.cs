namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// virsh domdirtyrate-calc and domstats --dirtyrate run by Debian's virsh against a sandboxed libvirtd 9.0 and
/// against vireod with the same guest: refusals of a shut-off domain, of bad periods and modes, the unstarted
/// state of a running guest, a measurement started, and QEMU's refusal of a second one while it runs (its
/// period is 60 seconds, so it still runs). The measured rate itself differs from guest to guest and is left
/// to DirtyRateTests. Exit status, stdout and stderr must be the same after <see cref="ParityNormaliser"/>.
/// </summary>
public sealed class DirtyRateParityTests
{
    private static readonly ParityState[] States =
    [
        new("defined and shut off", ["define {dir}/parity.xml"], [
            "domdirtyrate-calc parity", "domdirtyrate-calc parity --seconds 0", "domdirtyrate-calc parity --mode dirty-ring",
            "domdirtyrate-calc parity --mode bogus", "domdirtyrate-calc parity --seconds x", "domdirtyrate-calc nosuch",
            "domstats --dirtyrate parity", "domstats --dirtyrate --state parity", "domstats --dirtyrate --enforce parity",
            "-r domdirtyrate-calc parity", "@ro domdirtyrate-calc parity",
        ]),
        new("running", ["start parity"], [
            "domstats --dirtyrate parity", "domstats --dirtyrate --enforce parity", "domdirtyrate-calc parity --seconds 61",
            "domdirtyrate-calc parity --seconds -1", "domdirtyrate-calc parity --mode dirty-ring",
            "domdirtyrate-calc parity --seconds 0 --mode dirty-ring", "domstats --dirtyrate parity",
            "domdirtyrate-calc parity --seconds 60", "domdirtyrate-calc parity", "domdirtyrate-calc parity --seconds 5",
        ]),
    ];

    [Fact]
    public Task Virsh_domdirtyrate_calc_prints_the_same_for_vireod_as_for_libvirtd() =>
        ParityComparison.RunAsync(States, dir => new Dictionary<string, string> { ["parity.xml"] = DomainParityMatrix.DomainXml(dir) });
}
