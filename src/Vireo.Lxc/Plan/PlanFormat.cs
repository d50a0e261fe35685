using System.Globalization;
using System.Text;

namespace Vireo.Lxc.Plan;

/// <summary>
/// The plan file the helper reads (native/vireo-lxc/plan.h): a header line, then one directive per
/// line, fields separated by TAB, each field escaped (\\, \t, \n) so arguments may hold any text.
/// </summary>
public static class PlanFormat
{
    public const string Header = "vireo-lxc-plan\t1";

    public static string Format(ContainerPlan plan)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        Line(sb, "name", plan.Name);
        if (plan.Root is { } root) Line(sb, "root", root);
        if (plan.RootReadOnly) Line(sb, "rootro");
        Line(sb, "init", plan.Init);
        foreach (var a in plan.Args) Line(sb, "arg", a);
        foreach (var e in plan.Environment) Line(sb, "env", e);
        if (plan.WorkDir is { } wd) Line(sb, "workdir", wd);
        foreach (var r in plan.UidMap) Line(sb, "uidmap", Num(r.Inside), Num(r.Outside), Num(r.Count));
        foreach (var r in plan.GidMap) Line(sb, "gidmap", Num(r.Inside), Num(r.Outside), Num(r.Count));
        foreach (var b in plan.Binds) Line(sb, "bind", b.Source, b.Target, b.ReadOnly ? "ro" : "rw");
        foreach (var c in plan.DropCapabilities) Line(sb, "capdrop", c.ToString(CultureInfo.InvariantCulture));
        foreach (var f in plan.CgroupProcsFiles) Line(sb, "cgroup", f);
        foreach (var v in plan.CgroupViews) Line(sb, "cgview", v.FsType, v.Options, v.Target);
        foreach (var n in plan.Interfaces) Line(sb, "netif", n.HostName, n.InnerName);
        return sb.ToString();
    }

    private static string Num(uint v) => v.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string key, params string[] fields)
    {
        sb.Append(key);
        foreach (var f in fields)
        {
            sb.Append('\t');
            Escape(sb, f);
        }
        sb.Append('\n');
    }

    private static void Escape(StringBuilder sb, string s)
    {
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\0': throw new ArgumentException("A container plan field cannot contain a NUL character.");
                default: sb.Append(c); break;
            }
        }
    }
}
