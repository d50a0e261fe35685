using Microsoft.Extensions.Configuration;

namespace Vireo.Daemon;

/// <summary>The config file (INI) with the command line on top.</summary>
internal static class DaemonConfiguration
{
    public static IConfiguration Load(DaemonCommandLine cli)
    {
        var builder = new ConfigurationBuilder();
        var file = cli.ConfigFile ?? DaemonSettings.DefaultConfigFile;
        if (cli.ConfigFile is not null && !File.Exists(file))
            throw new FileNotFoundException($"The config file {file} does not exist.");
        if (File.Exists(file)) builder.AddIniFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        builder.AddInMemoryCollection(cli.Overrides);
        return builder.Build();
    }
}
