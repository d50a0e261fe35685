using System.Text.RegularExpressions;

namespace Vireo.Cli.Tests.Support;

/// <summary>A command-line client under comparison: how to run one command, and the shell command of its console.</summary>
public sealed record CliClient(string Name, Func<string[], Task<RunResult>> Run, Func<string, string> ConsoleCommand)
{
    public static CliClient Virsh(string uri) =>
        new("virsh", args => Support.Run.VirshAsync(uri, args), name => $"virsh -c '{uri}' console {name}");

    /// <summary>vireo's entry point in this process for commands; the built program for the console (it needs a terminal).</summary>
    public static CliClient Vireo(string uri) =>
        new("vireo", args => Support.Run.VireoAsync(["-c", uri, .. args]), name => $"'{Support.Run.VireoProgram}' -c '{uri}' console {name}");
}

/// <summary>
/// Issue #2's command list as one script, run by a client against a daemon with a real guest (the demo kit):
/// every command's output, error lines and exit status are recorded, so two clients' runs can be compared line
/// for line. Steps starting with '@' drive the guest (console through a pty, wait for its shell, wait until it is
/// off); steps starting with '!' must succeed for the oracle (so a broken daemon cannot make both clients agree
/// on errors only). Words: NAME, FILE (the guest's XML), BAD (malformed XML), NOFILE, UUID, ID (the current id).
/// </summary>
public static partial class LifecycleParity
{
    public const string Uuid = "5d7f94fb-b17d-4d97-8e3f-9a1b2c3d4e5f";

    public static readonly string[] Script =
    [
        "!define FILE", "define BAD", "define NOFILE", "define FILE",
        "!list --all", "list --state-shutoff", "list --inactive", "list --all --state-running", "list --all --persistent",
        "!dominfo NAME", "domstate NAME", "domstate NAME --reason", "!dumpxml NAME", "dumpxml NAME --inactive",
        "domid NAME", "!domname UUID", "domuuid NAME", "domuuid UUID",
        "!autostart NAME", "list --all --autostart", "dominfo NAME", "!autostart NAME --disable", "list --all --no-autostart",
        "suspend NAME", "resume NAME", "destroy NAME", "shutdown NAME", "reboot NAME", "reset NAME",
        "dominfo nosuch", "domstate nosuch --reason", "start nosuch", "undefine nosuch", "domid nosuch", "domuuid nosuch", "dumpxml nosuch",
        "dominfo", "domstate NAME extra",
        "!start NAME", "start NAME", "!list", "list --state-running", "list --state-shutoff", "list --all",
        "domstate NAME --reason", "domid NAME", "domname ID", "dominfo ID", "dominfo NAME", "dumpxml NAME", "dumpxml NAME --inactive",
        "@console", "@shell",
        "!suspend NAME", "domstate NAME --reason", "list --state-paused", "list --all", "dominfo NAME", "suspend NAME",
        "!resume NAME", "domstate NAME --reason", "resume NAME",
        "!reboot NAME", "@shell", "domstate NAME --reason",
        "!reset NAME", "@shell", "domstate NAME --reason",
        "@detach", "!shutdown NAME", "@shutoff", "domstate NAME --reason", "list --all",
        "!start NAME", "!destroy NAME", "domstate NAME --reason", "destroy NAME", "list --all",
        "!undefine NAME", "list --all", "dominfo NAME",
    ];

    /// <summary>Writes the demo guest's XML under <paramref name="name"/> with a fixed UUID, and a malformed one.</summary>
    public static (string File, string Bad) WriteFiles(string dir, string name)
    {
        var file = DemoKit.WriteDomainXml(dir, name);
        File.WriteAllText(file, File.ReadAllText(file).Replace($"<name>{name}</name>", $"<name>{name}</name>\n  <uuid>{Uuid}</uuid>", StringComparison.Ordinal));
        var bad = Path.Combine(dir, "bad.xml");
        File.WriteAllText(bad, "<domain type='qemu'><name>x</name>\n");
        return (file, bad);
    }

    /// <summary>Runs the script; returns (step, normalized output) for every step. Leaves no guest running.</summary>
    public static async Task<List<(string Step, string Output)>> RunAsync(CliClient client, CliClient oracle, string name, string file, string bad)
    {
        var results = new List<(string, string)>();
        InteractiveProcess? console = null;
        try
        {
            foreach (var step in Script)
            {
                var mustSucceed = step.StartsWith('!');
                var words = step.TrimStart('!').Split(' ');
                switch (words[0])
                {
                    case "@console":
                        console = InteractiveProcess.Start("script", ["-qfec", client.ConsoleCommand(name), "/dev/null"]);
                        await console.WaitForAsync("Escape character is ^] (Ctrl + ])", TimeSpan.FromSeconds(60));
                        var header = WithoutPolkitNotice(console.Text.Replace("\r", "", StringComparison.Ordinal));
                        results.Add((step, header[..(header.IndexOf("(Ctrl + ])", StringComparison.Ordinal) + 10)]));
                        continue;
                    case "@shell":
                        await WaitForShellAsync(console!, DemoKit.BootTimeout);
                        continue;
                    case "@detach":
                        await console!.DetachAsync();
                        results.Add((step, $"exit {await console.WaitForExitAsync(TimeSpan.FromSeconds(60))}"));
                        await console.DisposeAsync();
                        console = null;
                        continue;
                    case "@shutoff":
                        await Poll.UntilAsync(async () => (await oracle.Run(["domstate", name])).Stdout.StartsWith("shut off", StringComparison.Ordinal),
                            $"{name} did not shut off after an ACPI shutdown", DemoKit.BootTimeout);
                        continue;
                }
                var id = words.Contains("ID") ? (await oracle.Run(["domid", name])).Stdout.Trim() : "";
                var args = words.Select(w => w switch
                {
                    "NAME" => name, "FILE" => file, "BAD" => bad, "NOFILE" => "/nonexistent/vireo-domain.xml", "UUID" => Uuid, "ID" => id, _ => w,
                }).ToArray();
                var r = await client.Run(args);
                if (mustSucceed && client == oracle) Assert.True(r.ExitCode == 0, $"{client.Name} {string.Join(' ', args)} failed: {r}");
                results.Add((step, Normalize(r.ToString(), words[0] == "domid")));
            }
        }
        finally
        {
            if (console is not null) await console.DisposeAsync();
            await oracle.Run(["destroy", name]);
            await oracle.Run(["undefine", name]);
        }
        return results;
    }

    /// <summary>
    /// virsh on a terminal first tries to start polkit's text agent (pkttyagent) and, where polkit is not running
    /// (this machine), prints this on stderr whatever the daemon: a note about virsh's own environment that vireo,
    /// which has no polkit agent, has no reason to print.
    /// </summary>
    public static string WithoutPolkitNotice(string text) =>
        text.Replace("Authorization not available. Check if polkit service is running or see debug message for more information.\n", "",
            StringComparison.Ordinal);

    /// <summary>The differences between two runs of the script, one paragraph per differing step (empty when equal).</summary>
    public static string Differences(List<(string Step, string Output)> expected, List<(string Step, string Output)> actual, string expectedName, string actualName)
    {
        Assert.Equal(expected.Count, actual.Count);
        var report = new System.Text.StringBuilder();
        for (var i = 0; i < expected.Count; i++)
            if (expected[i].Output != actual[i].Output)
                report.Append($"`{expected[i].Step}`\n=== {expectedName}:\n{expected[i].Output}\n=== {actualName}:\n{actual[i].Output}\n\n");
        return report.ToString();
    }

    /// <summary>
    /// What differs between two runs of the same script by nature, not by client: the guest's id (each start takes
    /// a new one), its CPU time, and the pty QEMU was given.
    /// </summary>
    private static string Normalize(string output, bool isDomid)
    {
        output = ListRowId().Replace(output, " N ");
        output = InfoId().Replace(output, "${1}N");
        output = CpuTime().Replace(output, "${1}N");
        output = Pty().Replace(output, "/dev/pts/N");
        output = XmlId().Replace(output, "id='N'");
        return isDomid ? LoneNumber().Replace(output, "N") : output;
    }

    /// <summary>Types an echo into the console until the guest's shell answers (input before it runs is dropped or queued).</summary>
    private static async Task WaitForShellAsync(InteractiveProcess console, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        // A fresh word each wait, so an answer replayed from earlier console history cannot count.
        var word = "sh" + Guid.NewGuid().ToString("N")[..8];
        var answer = new Regex(word + @"\d+-42");
        var from = console.Text.Length;
        for (var attempt = 0; ; attempt++)
        {
            await console.TypeAsync($"echo {word}{attempt}-$((40+2))\r");
            var retype = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            while (DateTime.UtcNow < retype)
            {
                if (answer.IsMatch(console.Text[Math.Min(from, console.Text.Length)..])) return;
                await Task.Delay(50);
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"The guest's shell did not answer within {timeout.TotalSeconds:0} s. Console:\n{console.Text[^Math.Min(2000, console.Text.Length)..]}");
        }
    }

    [GeneratedRegex(@"(?m)^ \d+ ")]
    private static partial Regex ListRowId();

    [GeneratedRegex(@"(?m)^(Id:\s+)\d+")]
    private static partial Regex InfoId();

    [GeneratedRegex(@"(?m)^(CPU time:\s+)[0-9.]+s")]
    private static partial Regex CpuTime();

    [GeneratedRegex(@"/dev/pts/\d+")]
    private static partial Regex Pty();

    [GeneratedRegex(@"(?<=<domain [^>]*)id='\d+'")]
    private static partial Regex XmlId();

    [GeneratedRegex(@"(?m)^\d+$")]
    private static partial Regex LoneNumber();
}
