// Usage: ClientSample URI DOMAIN.xml [MARKER]
//   e.g. ClientSample qemu:///system /var/lib/vireo/images/demo.xml VIREO-GUEST-READY
// Connects, lists the domains, defines and starts the guest, waits for its Started event, reads its
// console until a line contains MARKER, types a command and reads the answer, then destroys and
// undefines the guest. URI may be a daemon's (qemu:///system, qemu+unix:///system?socket=PATH) or
// qemu:///embed?root=DIR (the engine in this process). Ctrl-C cancels (the guest is then destroyed and undefined too).
using ClientSample;
using Vireo.Core.Errors;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: ClientSample URI DOMAIN.xml [MARKER]");
    return 2;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    await Walkthrough.RunAsync(args[0], args[1], args.Length > 2 ? args[2] : "VIREO-GUEST-READY", Console.Out, cancel.Token);
    return 0;
}
catch (VirException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
