using System.Text;

namespace Vireo.Rpc.Protocol;

/// <summary>libvirt's names for our procedure numbers (REMOTE_PROC_DOMAIN_GET_XML_DESC, QEMU_PROC_DOMAIN_MONITOR_COMMAND, ...), for logs and docs.</summary>
public static class ProcedureNames
{
    /// <summary>The REMOTE_PROC_ suffix of a procedure, e.g. "DOMAIN_GET_XML_DESC".</summary>
    public static string Of(RemoteProcedure proc)
    {
        var s = proc.ToString();
        var sb = Upper(s);
        // libvirt writes the power-management events without a separator (PMWAKEUP, PMSUSPEND), but not the calls
        // (DOMAIN_PM_WAKEUP, DOMAIN_PM_SUSPEND_FOR_DURATION).
        if (!s.StartsWith("DomainEvent", StringComparison.Ordinal)) return sb.ToString();
        return sb.Replace("PM_WAKEUP", "PMWAKEUP").Replace("PM_SUSPEND", "PMSUSPEND").ToString();
    }

    /// <summary>The QEMU_PROC_ suffix of a procedure of libvirt's QEMU program, e.g. "DOMAIN_MONITOR_COMMAND".</summary>
    public static string Of(QemuProcedure proc) => Upper(proc.ToString()).ToString();

    private static StringBuilder Upper(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(s[i - 1])))) sb.Append('_');
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb;
    }
}
