namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// The checkpoint commands run by Debian's virsh against a sandboxed libvirtd 9.0 and against vireod with the same
/// guest (the parity demo guest, one qcow2 disk): the refusal for a shut-off guest, creating, listing in every form,
/// info, parent, the &lt;domaincheckpoint&gt; with and without the domain and sizes, the refusals (a name taken, an
/// unknown disk or checkpoint, a bitmap named otherwise), deleting (alone, children only, metadata only) and
/// undefine's guard. Exit status, stdout and stderr must be the same after <see cref="ParityNormaliser"/>.
/// The &lt;domain&gt; a checkpoint keeps is left out here: libvirtd's carries &lt;resource&gt;&lt;partition&gt;/machine
/// from its cgroup placement, which Vireo's live definitions do not have (its guests live under machine.vireo);
/// CheckpointCorpusTests checks the rest of that copy against libvirtd's own.
/// </summary>
public sealed class CheckpointParityTests
{
    private static readonly ParityState[] States =
    [
        new("shut off", ["define {dir}/parity.xml"], [
            "checkpoint-create-as parity c0", "checkpoint-list parity", "checkpoint-dumpxml parity c0", "list --all --with-checkpoint --name",
        ]),
        new("running", ["start parity"], [
            "checkpoint-create-as parity c1 --description first", "checkpoint-create-as parity c2", "checkpoint-create-as parity c1",
            "checkpoint-create-as parity c3 --diskspec vdz", "checkpoint-create-as parity c3 --diskspec vda,bitmap=other",
            "checkpoint-create-as parity c3 --diskspec vda,checkpoint=no", "checkpoint-create-as parity c4 --diskspec vda,bitmap=c4",
            "checkpoint-list parity", "checkpoint-list parity --tree", "checkpoint-list parity --parent", "checkpoint-list parity --roots",
            "checkpoint-list parity --leaves --name", "checkpoint-list parity --no-leaves", "checkpoint-list parity --topological --name",
            "checkpoint-info parity c1", "checkpoint-info parity c4", "checkpoint-parent parity c1", "checkpoint-parent parity c2",
            "checkpoint-dumpxml parity c1 --no-domain", "checkpoint-dumpxml parity c2 --no-domain --size", "checkpoint-dumpxml parity c3 --no-domain",
            "checkpoint-dumpxml parity nope", "checkpoint-info parity nope", "list --all --with-checkpoint --name",
            "checkpoint-delete parity c2", "checkpoint-list parity --tree", "checkpoint-delete parity c3 --children-only",
            "checkpoint-list parity --tree", "checkpoint-delete parity c3 --metadata", "checkpoint-list parity --parent",
        ]),
        new("shut off with a checkpoint", ["destroy parity"], [
            "checkpoint-list parity --name", "checkpoint-delete parity c1", "checkpoint-dumpxml parity c1 --size",
            "checkpoint-dumpxml parity c1 --no-domain", "undefine parity", "undefine parity --checkpoints-metadata", "checkpoint-list parity",
        ]),
    ];

    [Fact]
    public Task Virsh_checkpoint_commands_print_the_same_for_vireod_as_for_libvirtd() =>
        ParityComparison.RunAsync(States, dir => new Dictionary<string, string> { ["parity.xml"] = DomainParityMatrix.DomainXml(dir) });
}
