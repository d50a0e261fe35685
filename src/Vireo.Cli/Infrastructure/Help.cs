using System.Text;

namespace Vireo.Cli.Infrastructure;

/// <summary>`vireo help` and `vireo help COMMAND`, in virsh's shape (grouped command list; per-command synopsis).</summary>
internal static class Help
{
    public static string Text(CommandSet set, string? command)
    {
        var sb = new StringBuilder();
        if (command is not null && set.Root.Subcommands.FirstOrDefault(c => c.Name == command) is { } cmd)
        {
            sb.Append("  NAME\n    ").Append(cmd.Name).Append(" - ").Append(cmd.Description).Append("\n\n  SYNOPSIS\n    ").Append(cmd.Name);
            foreach (var a in cmd.Arguments) sb.Append(" <").Append(a.Name).Append('>');
            foreach (var o in cmd.Options.Where(o => !o.Hidden)) sb.Append(" [").Append(o.Name).Append(']');
            sb.Append("\n\n  OPTIONS\n");
            foreach (var a in cmd.Arguments) sb.Append("    [--").Append(a.Name).Append("] <").Append(a.Name).Append(">  ").Append(a.Description).Append('\n');
            foreach (var o in cmd.Options.Where(o => !o.Hidden)) sb.Append("    ").Append(o.Name.PadRight(22)).Append(o.Description).Append('\n');
            return sb.Append('\n').ToString();
        }
        sb.Append("vireo [-c URI] [-r] [-q] [-e ESC] COMMAND [ARGS...]\n\n")
          .Append("  -c, --connect URI   qemu:///system (vireod, the default), qemu+unix:///system?socket=PATH (any libvirt daemon),\n")
          .Append("                      qemu:///embed?root=DIR or lxc:///embed?root=DIR (in this process), test:///default\n")
          .Append("  -r, --readonly      connect read-only\n")
          .Append("  -q, --quiet         quiet mode\n")
          .Append("  -e, --escape ESC    console escape character (default ^])\n\n");
        foreach (var group in set.Commands.GroupBy(c => c.Group))
        {
            sb.Append(' ').Append(group.Key).Append(":\n");
            foreach (var (_, c) in group.OrderBy(c => c.Command.Name, StringComparer.Ordinal))
                sb.Append("    ").Append(c.Name.PadRight(30)).Append(' ').Append(c.Description).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
