using System.Runtime.CompilerServices;

// The driver's pure tables (event transitions, reconnect rules, capability builders) are internal; their unit tests live here.
[assembly: InternalsVisibleTo("Vireo.Qemu.Tests")]
[assembly: InternalsVisibleTo("Vireo.IntegrationTests")]
