using System.Text.Json.Nodes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>A client's raw command (qemu-monitor-command) on a real QEMU: QEMU's whole reply, in its order, with libvirt's id form.</summary>
public class QmpRawCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Raw_commands_get_qemus_whole_reply_and_leave_numbered_commands_undisturbed()
    {
        await using var qemu = await QemuUnderTest.StartAsync(withSerial: false);
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        var ok = qmp.ExecuteRawAsync(new JsonObject { ["execute"] = "query-status" }, Ct);
        var status = qmp.QueryStatusAsync(Ct);
        var refused = qmp.ExecuteRawAsync(new JsonObject { ["execute"] = "nosuch" }, Ct);

        Assert.Matches("^{\"return\":{\"status\":\"prelaunch\",\"singlestep\":false,\"running\":false},\"id\":\"libvirt-[0-9]+\"}$", (await ok).ToJson());
        Assert.Equal("prelaunch", (await status).Status);
        Assert.Matches("^{\"id\":\"libvirt-[0-9]+\",\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command nosuch has not been found\"}}$", (await refused).ToJson());
    }

    [Fact]
    public void A_reply_with_a_text_id_is_a_raw_reply_kept_whole()
    {
        var m = QmpMessage.Parse("{\"return\": {\"b\": 1, \"a\": \"é\"}, \"id\": \"libvirt-3\"}"u8);
        var raw = Assert.IsType<QmpRawReply>(m);
        Assert.Equal("libvirt-3", raw.Id);
        Assert.Equal("{\"return\":{\"b\":1,\"a\":\"é\"},\"id\":\"libvirt-3\"}", raw.ToJson());
        Assert.IsType<QmpReturn>(QmpMessage.Parse("{\"return\": {}, \"id\": 3}"u8));
    }
}
