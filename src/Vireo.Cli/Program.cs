using Vireo.Cli;
using Vireo.Cli.Infrastructure;

return await CliApp.RunAsync(args, CliIo.FromProcess());
