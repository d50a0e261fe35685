using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;os&gt; both ways, for virtual machines (hvm) and containers (exe).</summary>
internal static class OsXml
{
    public static OsDef Parse(XmlNode n)
    {
        var type = n.RequiredChild("type");
        var loader = n.Child("loader");
        var nvram = n.Child("nvram");
        var bootMenu = n.Child("bootmenu");
        var bios = n.Child("bios");
        return new OsDef
        {
            Type = type.EnumText<OsType>(),
            Arch = type.Attr("arch"),
            Machine = type.Attr("machine"),
            Firmware = n.Enum<OsFirmware>("firmware"),
            Loader = loader is null ? null : new LoaderDef
            {
                ReadOnly = loader.Enum<YesNo>("readonly"),
                Secure = loader.Enum<YesNo>("secure"),
                Type = loader.Enum<LoaderType>("type"),
                Path = NonEmpty(loader.Text()),
            },
            Nvram = nvram is null ? null : new NvramDef(NonEmpty(nvram.Text()), nvram.Attr("template")),
            Kernel = n.ChildText("kernel"),
            Initrd = n.ChildText("initrd"),
            Cmdline = n.ChildText("cmdline"),
            Dtb = n.ChildText("dtb"),
            BootDevices = n.Children("boot").Select(b => b.RequiredEnum<BootDevice>("dev")).ToList(),
            BootMenu = bootMenu is null ? null : new BootMenuDef(bootMenu.RequiredEnum<YesNo>("enable"), bootMenu.UInt("timeout")),
            Smbios = n.Child("smbios")?.RequiredEnum<SmbiosMode>("mode"),
            Bios = bios is null ? null : new BiosDef(bios.Enum<YesNo>("useserial"), bios.Int("rebootTimeout")),
            Init = n.ChildText("init"),
            InitArgs = n.Children("initarg").Select(a => a.Text()).ToList(),
            InitEnv = n.Children("initenv").Select(e => new InitEnvDef(e.RequiredAttr("name"), e.Text())).ToList(),
            InitDir = n.ChildText("initdir"),
            InitUser = n.ChildText("inituser"),
            InitGroup = n.ChildText("initgroup"),
        };
    }

    private static string? NonEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    public static XElement Format(OsDef os) => E("os",
        A("firmware", os.Firmware),
        E("type", A("arch", os.Arch), A("machine", os.Machine), os.Type.ToXml()),
        Text("init", os.Init),
        os.InitArgs.Select(a => E("initarg", a)),
        os.InitEnv.Select(e => E("initenv", A("name", e.Name), e.Value)),
        Text("initdir", os.InitDir),
        Text("inituser", os.InitUser),
        Text("initgroup", os.InitGroup),
        os.Loader is { } l ? E("loader", A("readonly", l.ReadOnly), A("secure", l.Secure), A("type", l.Type), l.Path) : null,
        os.Nvram is { } v ? E("nvram", A("template", v.Template), v.Path) : null,
        Text("kernel", os.Kernel),
        Text("initrd", os.Initrd),
        Text("cmdline", os.Cmdline),
        Text("dtb", os.Dtb),
        os.BootDevices.Select(b => E("boot", A("dev", b))),
        os.BootMenu is { } m ? E("bootmenu", A("enable", m.Enable), A("timeout", m.Timeout)) : null,
        os.Bios is { } b ? E("bios", A("useserial", b.UseSerial), A("rebootTimeout", b.RebootTimeout)) : null,
        os.Smbios is null ? null : E("smbios", A("mode", os.Smbios)));
}
