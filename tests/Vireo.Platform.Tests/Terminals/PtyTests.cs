using System.Text;
using Vireo.Platform.Terminals;

namespace Vireo.Platform.Tests.Terminals;

public class PtyTests
{
    [Fact]
    public async Task BytesFlowBothWaysInRawMode()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pty = Pty.Open();
        Assert.StartsWith("/dev/pts/", pty.SlavePath);
        using var slave = pty.OpenSlave();
        Pty.MakeRaw(slave);
        pty.SetWindowSize(40, 120);

        await using var master = pty.OpenMasterStream();
        await using var slaveStream = new FileStream(slave, FileAccess.ReadWrite, 0);
        await slaveStream.WriteAsync("guest says hi\n"u8.ToArray(), ct);
        var buf = new byte[64];
        int n = await master.ReadAsync(buf, ct);
        Assert.Equal("guest says hi\n", Encoding.ASCII.GetString(buf, 0, n)); // raw: no \n -> \r\n

        await master.WriteAsync("ls\r"u8.ToArray(), ct);
        n = await slaveStream.ReadAsync(buf, ct);
        Assert.Equal("ls\r", Encoding.ASCII.GetString(buf, 0, n)); // raw: no echo, no CR translation
    }
}
