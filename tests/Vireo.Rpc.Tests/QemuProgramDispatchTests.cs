using Vireo.Core.Errors;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

/// <summary>
/// Calls of libvirt's QEMU program reach their own table through the connection's checks, in libvirt's order:
/// open, then unknown procedure, then read-only; a driver without QEMU gets "not supported", another version of
/// the program "Cannot find program".
/// </summary>
public sealed class QemuProgramDispatchTests
{
    private static async Task<RawClient.Received> QemuCallAsync<T>(RawClient c, QemuProcedure proc, T args, uint version = QemuProtocol.Version) where T : IXdrEncodable
    {
        var serial = await c.SendCallAsync((RemoteProcedure)(int)proc, args, prog: QemuProtocol.Program, vers: version);
        while (true)
        {
            var m = await c.ReadAsync() ?? throw new IOException("closed");
            if (m.Header.Type == MessageType.Reply && m.Header.Serial == serial) return m;
        }
    }

    private static async Task<RpcServer> StartAsync()
    {
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        return new RpcServer([driver]);
    }

    private static readonly DomainStringFlagsArgs QueryStatus = new(new("test", Guid.Empty, 1), "{\"execute\":\"query-status\"}", 0);

    [Fact]
    public async Task Calls_are_checked_like_the_remote_programs_and_answered_from_the_qemu_table()
    {
        await using var server = await StartAsync();
        await using var c = new RawClient(server.ConnectInProcess());
        await c.CallAsync(RemoteProcedure.AuthList);
        Assert.Equal("internal error: hypervisor connection not open", (await QemuCallAsync(c, QemuProcedure.DomainMonitorCommand, QueryStatus)).Error().Message);
        await c.OpenAsync();

        var unsupported = (await QemuCallAsync(c, QemuProcedure.DomainMonitorCommand, QueryStatus)).Error();
        Assert.Equal(((int)VirErrorCode.NoSupport, (int)VirErrorDomain.None, "this function is not supported by the connection driver: virDomainQemuMonitorCommand"),
            (unsupported.Code, unsupported.Domain, unsupported.Message));
        Assert.Equal("this function is not supported by the connection driver: virDomainQemuAttach",
            (await QemuCallAsync(c, QemuProcedure.DomainAttach, new QemuAttachArgs(1, 0))).Error().Message);
        Assert.Equal("unknown procedure: 8", (await QemuCallAsync(c, (QemuProcedure)8, QueryStatus)).Error().Message);
        Assert.Equal($"Cannot find program {QemuProtocol.Program} version 2", (await QemuCallAsync(c, QemuProcedure.DomainMonitorCommand, QueryStatus, 2)).Error().Message);
        // The remote program's procedure 1 is still the remote program's (CONNECT_OPEN: already open).
        Assert.Equal("internal error: connection already open", (await c.CallAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs("test:///default", 0))).Error().Message);
    }

    [Fact]
    public async Task A_read_only_connection_is_refused_every_procedure_in_libvirt_qemus_words()
    {
        await using var server = await StartAsync();
        await using var c = new RawClient(server.ConnectInProcess(readOnly: true));
        await c.OpenAsync();
        var e = (await QemuCallAsync(c, QemuProcedure.DomainMonitorCommand, QueryStatus)).Error();
        Assert.Equal(((int)VirErrorCode.OperationDenied, (int)VirErrorDomain.None, "operation forbidden: read only access prevents virDomainQemuMonitorCommand"),
            (e.Code, e.Domain, e.Message));
        Assert.Equal("operation forbidden: read only access prevents virConnectDomainQemuMonitorEventRegister",
            (await QemuCallAsync(c, QemuProcedure.ConnectDomainMonitorEventRegister, new QemuMonitorEventRegisterArgs(null, null, 0))).Error().Message);
        Assert.Equal("operation forbidden: read only access prevents virConnectDomainQemuMonitorEventDeregister",
            (await QemuCallAsync(c, QemuProcedure.ConnectDomainMonitorEventDeregister, new IntValue(1))).Error().Message);
    }
}
