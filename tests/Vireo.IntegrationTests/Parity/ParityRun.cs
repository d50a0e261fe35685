using System.Text;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// Brings two daemons through the states of a matrix and runs each command on both at once (they are
/// independent), keeping what each printed (after <see cref="ParityNormaliser"/>) and every command whose
/// exit status, stdout or stderr differ.
/// </summary>
internal sealed class ParityRun(ParitySide reference, ParitySide tested)
{
    private readonly StringBuilder _report = new();
    private readonly List<string> _differences = [];

    public IReadOnlyList<string> Differences => _differences;

    /// <summary>Every command with both outputs, differing or not: what the sweep reads.</summary>
    public string Report => _report.ToString();

    public async Task RunAsync(ParityState state)
    {
        _report.Append($"\n##### {state.Name}\n");
        foreach (var step in state.Setup)
        {
            if (step == ParityState.WaitForAgent)
            {
                await Task.WhenAll(AgentConnectedAsync(reference), AgentConnectedAsync(tested));
                continue;
            }
            var (theirs, ours) = await BothAsync(step);
            Assert.True(theirs.StartsWith("exit 0\n", StringComparison.Ordinal) && ours.StartsWith("exit 0\n", StringComparison.Ordinal),
                $"setting up '{state.Name}': `virsh {step}`\n=== {reference.Name}:\n{theirs}\n=== {tested.Name}:\n{ours}");
        }
        foreach (var command in state.Commands)
        {
            var (theirs, ours) = await BothAsync(command);
            var same = theirs == ours;
            _report.Append($"{(same ? "SAME" : "DIFF")} [{state.Name}] virsh {command}\n");
            _report.Append(same ? Indent(theirs) : $"=== {reference.Name}:\n{Indent(theirs)}=== {tested.Name}:\n{Indent(ours)}");
            if (!same)
                _differences.Add($"[{state.Name}] virsh {command}\n=== {reference.Name}:\n{theirs}=== {tested.Name}:\n{ours}");
        }
    }

    private async Task<(string Theirs, string Ours)> BothAsync(string command)
    {
        var words = ParityState.Split(command);
        var theirs = reference.VirshAsync(words);
        var ours = tested.VirshAsync(words);
        return (Show(await theirs, reference), Show(await ours, tested));
    }

    private static string Show(ProgramResult r, ParitySide side) =>
        ParityNormaliser.Normalise($"exit {r.ExitCode}\n--- stdout:\n{r.Stdout}--- stderr:\n{r.Stderr}", side.Dir);

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Select(l => "    " + l + "\n"));

    /// <summary>The guest's agent answers once the live XML shows its channel connected (libvirtd and vireod both follow it).</summary>
    private static Task AgentConnectedAsync(ParitySide side) =>
        Expect.EventuallyAsync(() => side.VirshAsync(["dumpxml", DomainParityMatrix.Name]),
            r => r.Stdout.Contains("name='org.qemu.guest_agent.0' state='connected'", StringComparison.Ordinal),
            $"the agent of the guest on {side.Name} connecting", TimeSpan.FromMinutes(3));
}
