using Vireo.Cli.Infrastructure;

namespace Vireo.Cli.Commands;

/// <summary>domxml-to-native, domxml-from-native and cpu-models, with virsh 9.0's arguments, output and errors.</summary>
public sealed class ConversionCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";

        var format = new NamedArg("format", "target config data type format");
        var xml = new NamedArg("xml", "xml data file to export from", required: false);
        var domain = Opt.Text("--domain", "domain name, id or uuid");
        set.Add("domxml-to-native", "Convert domain XML to native config", async ctx =>
        {
            var fmt = ctx.Required(format);
            var file = ctx.Optional(xml);
            var name = ctx.Get(domain);
            if (file is not null && name is not null) throw new CliError("Options --domain and --xml are mutually exclusive");
            if (file is null && name is null) throw new CliError("need either domain or domain XML");
            string xmlData;
            var conn = await ctx.ConnectAsync();
            if (name is not null)
            {
                var dom = await DomainLookup.FindAsync(conn, name, LookupBy.Any, ctx.Ct);
                xmlData = await dom.GetXmlDescAsync(ct: ctx.Ct);
            }
            else xmlData = DomainDefinitionCommands.ReadFile(file!);
            ctx.Out.Write(await conn.DomainXmlToNativeAsync(fmt, xmlData, ctx.Ct)); // virsh prints it as is; the closing newline is its usual one
        }, format, xml, domain);

        var fromFormat = new NamedArg("format", "source config data format");
        var config = new NamedArg("config", "config data file to import from");
        set.Add("domxml-from-native", "Convert native config to domain XML", async ctx =>
        {
            var fmt = ctx.Required(fromFormat);
            var data = DomainDefinitionCommands.ReadFile(ctx.Required(config));
            var conn = await ctx.ConnectAsync();
            ctx.Out.Write(await conn.DomainXmlFromNativeAsync(fmt, data, ctx.Ct));
        }, fromFormat, config);

        var arch = new NamedArg("arch", "architecture");
        set.Add("cpu-models", "CPU models", async ctx =>
        {
            var a = ctx.Required(arch);
            var conn = await ctx.ConnectAsync();
            var models = await CliError.Wrap("failed to get CPU model names", () => conn.GetCpuModelNamesAsync(a, ctx.Ct));
            if (models.Count == 0) ctx.PrintExtra("all CPU models are accepted\n");
            foreach (var m in models) ctx.Out.Write(m + "\n");
        }, arch);
    }
}
