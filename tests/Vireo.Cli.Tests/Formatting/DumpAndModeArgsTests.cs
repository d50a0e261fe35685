using Vireo.Cli.Commands;
using Vireo.Cli.Infrastructure;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>dump's --format and shutdown/reboot's --mode, read as virsh 9.0 reads them (its sentences copied from its output).</summary>
public sealed class DumpAndModeArgsTests
{
    [Theory]
    [InlineData("elf", CoreDumpFormat.Raw)]
    [InlineData("", CoreDumpFormat.Raw)]
    [InlineData("kdump-zlib", CoreDumpFormat.KdumpZlib)]
    [InlineData("kdump-lzo", CoreDumpFormat.KdumpLzo)]
    [InlineData("kdump-snappy", CoreDumpFormat.KdumpSnappy)]
    [InlineData("win-dmp", CoreDumpFormat.WinDmp)]
    public void Dump_formats_are_libvirts_numbers(string text, CoreDumpFormat expected) =>
        Assert.Equal(expected, CoreDumpCommands.Format(text, CoreDumpFlags.MemoryOnly));

    [Fact]
    public void Dump_format_needs_memory_only_and_a_known_name()
    {
        Assert.Equal(CoreDumpFormat.Raw, CoreDumpCommands.Format(null, CoreDumpFlags.Live));
        Assert.Equal(["--format only works with --memory-only"], Assert.Throws<CliError>(() => CoreDumpCommands.Format("", CoreDumpFlags.Live)).Lines);
        Assert.Equal(["format 'ELF' is not supported, expecting 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', 'win-dmp' or 'elf'"],
            Assert.Throws<CliError>(() => CoreDumpCommands.Format("ELF", CoreDumpFlags.MemoryOnly)).Lines);
    }

    [Fact]
    public void Modes_combine_and_unknown_ones_are_refused_in_each_commands_words()
    {
        Assert.Equal(ShutdownFlags.Default, DomainLifecycleCommands.Modes(null, ""));
        Assert.Equal(ShutdownFlags.AcpiPowerButton | ShutdownFlags.GuestAgent, DomainLifecycleCommands.Modes("agent,acpi", ""));
        Assert.Equal(["Failed to get option 'mode': Option argument is empty"], Assert.Throws<CliError>(() => DomainLifecycleCommands.Modes("", "")).Lines);
        // shutdown's sentence has a serial comma, reboot's does not; an empty element is an unknown mode.
        Assert.Equal(["Unknown mode  value, expecting 'acpi', 'agent', 'initctl', 'signal', or 'paravirt'"],
            Assert.Throws<CliError>(() => DomainLifecycleCommands.Modes("acpi,,agent", "'signal', or 'paravirt'")).Lines);
    }
}
