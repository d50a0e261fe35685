using System.Runtime.CompilerServices;
using System.Text;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.IoThreads;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.IoThreads;

/// <summary>
/// The QMP of virsh iothreadset, pinned in Data/iothreadset.golden.txt (VIREO_REGENERATE_GOLDEN=1 rewrites it): the
/// messages libvirtd 9.0 sent QEMU for the same calls, read from its monitor log (qom-set on /objects/iothreadN of
/// poll-max-ns, poll-grow, poll-shrink in that order; with both pool bounds a qom-get of thread-pool-max first, and
/// the maximum set first when the new minimum is above the current maximum).
/// </summary>
public sealed class IoThreadSetQmpGoldenTests
{
    private static IEnumerable<(string Case, QmpCommand Command)> Cases()
    {
        foreach (var c in IoThreadQmp.SetPolling(1, new IoThreadParams(PollMaxNs: 1000, PollGrow: 2, PollShrink: 3)))
            yield return ("polling-all", c);
        foreach (var c in IoThreadQmp.SetPolling(2, new IoThreadParams(PollMaxNs: 0)))
            yield return ("polling-off", c);
        yield return ("pool-current-max", IoThreadQmp.GetPoolMax(2));
        foreach (var c in IoThreadQmp.SetPool(2, 70, 80, currentMax: 3))
            yield return ("pool-min-above-current-max", c);
        foreach (var c in IoThreadQmp.SetPool(2, 2, 60, currentMax: 80))
            yield return ("pool-min-within-current-max", c);
        foreach (var c in IoThreadQmp.SetPool(2, 5, null, currentMax: null))
            yield return ("pool-min-only", c);
        foreach (var c in IoThreadQmp.SetPool(1, null, 9, currentMax: null))
            yield return ("pool-max-only", c);
    }

    [Fact]
    public void Iothreadset_commands_match_the_golden_file()
    {
        var sb = new StringBuilder();
        long id = 1;
        foreach (var (name, command) in Cases())
            sb.Append(name).Append(' ').Append(command.ToJson(id++)).Append('\n');
        var path = Path.Combine(DataDir(), "iothreadset.golden.txt");
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1") File.WriteAllText(path, sb.ToString());
        Assert.True(File.Exists(path), $"{path} is missing; run with VIREO_REGENERATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path), sb.ToString());
    }

    [Fact]
    public void Nothing_is_sent_for_values_not_given()
    {
        Assert.Empty(IoThreadQmp.SetPolling(1, new IoThreadParams(ThreadPoolMax: 4)));
        Assert.Empty(IoThreadQmp.SetPool(1, null, null, null));
    }

    private static string DataDir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");
}
