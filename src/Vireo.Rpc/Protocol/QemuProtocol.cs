using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Protocol;

/// <summary>
/// libvirt's QEMU program (0x20008087, version 1), next to the remote program on the same connection:
/// the libvirt-qemu API (virsh qemu-monitor-command, qemu-agent-command, qemu-monitor-event; python's
/// libvirt_qemu). Its records are in <see cref="Records.QemuMonitorCommandArgs"/> and its neighbours.
/// </summary>
public enum QemuProcedure
{
    DomainMonitorCommand = 1,
    DomainAttach = 2,
    DomainAgentCommand = 3,
    ConnectDomainMonitorEventRegister = 4,
    ConnectDomainMonitorEventDeregister = 5,

    /// <summary>The event message (MESSAGE type, serial 1) carrying one QMP event to a registered callback.</summary>
    DomainMonitorEvent = 6,

    /// <summary>The monitor command with descriptors (virsh --pass-fds): the same records, sent as CALL_WITH_FDS.</summary>
    DomainMonitorCommandWithFiles = 7,
}

public static class QemuProtocol
{
    public const uint Program = Programs.Qemu;
    public const uint Version = 1;

    /// <summary>VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP: the command is human-monitor text, run through human-monitor-command.</summary>
    public const uint MonitorCommandHmp = 1;

    /// <summary>VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX: the event name is a POSIX extended regular expression.</summary>
    public const uint EventRegex = 1;

    /// <summary>VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_NOCASE: the event name (or expression) ignores case.</summary>
    public const uint EventNoCase = 2;

    /// <summary>The public API behind each procedure (read-only refusals and "not supported" name it).</summary>
    public static string ApiOf(QemuProcedure p) => p switch
    {
        QemuProcedure.DomainMonitorCommand => "virDomainQemuMonitorCommand",
        QemuProcedure.DomainMonitorCommandWithFiles => "virDomainQemuMonitorCommandWithFiles",
        QemuProcedure.DomainAttach => "virDomainQemuAttach",
        QemuProcedure.DomainAgentCommand => "virDomainQemuAgentCommand",
        QemuProcedure.ConnectDomainMonitorEventRegister => "virConnectDomainQemuMonitorEventRegister",
        QemuProcedure.ConnectDomainMonitorEventDeregister => "virConnectDomainQemuMonitorEventDeregister",
        _ => $"QEMU_PROC_{(int)p}",
    };
}
