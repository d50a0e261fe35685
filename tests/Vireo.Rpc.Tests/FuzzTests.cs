using System.Reflection;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

/// <summary>
/// Random and mutated input (seeded, so failures reproduce) into the decoders and into a live connection:
/// nothing may crash, hang or allocate without bound; a connection fed garbage either answers or closes,
/// and the server keeps serving others.
/// </summary>
public sealed class FuzzTests
{
    private static readonly Type[] RecordTypes = typeof(RemoteProcedure).Assembly.GetTypes()
        .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IXdrRecord<>)))
        .ToArray();

    private static readonly MethodInfo DecodeOne = typeof(FuzzTests).GetMethod(nameof(TryDecode), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void TryDecode<T>(byte[] bytes) where T : IXdrRecord<T>
    {
        var r = new XdrReader(bytes);
        try { T.Decode(ref r); }
        catch (XdrException) { }
    }

    [Fact]
    public void Every_record_decoder_survives_random_and_mutated_payloads()
    {
        Assert.True(RecordTypes.Length > 60, $"only {RecordTypes.Length} records found");
        var rng = new Random(20261129);
        var seeds = Corpus().Select(m => m.Payload.ToArray()).Where(p => p.Length > 0).ToArray();
        foreach (var type in RecordTypes)
        {
            var decode = DecodeOne.MakeGenericMethod(type);
            for (var i = 0; i < 300; i++)
            {
                var input = i % 2 == 0 ? Random(rng, rng.Next(0, 200)) : Mutate(rng, seeds[rng.Next(seeds.Length)]);
                try { decode.Invoke(null, [input]); }
                catch (TargetInvocationException e)
                {
                    throw new Xunit.Sdk.XunitException($"{type.Name} threw {e.InnerException?.GetType().Name} on {Convert.ToHexString(input)}: {e.InnerException?.Message}");
                }
            }
        }
    }

    [Fact]
    public async Task Mutated_client_messages_never_crash_or_hang_the_server()
    {
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        await using var server = new RpcServer([driver], new RpcServerOptions { KeepaliveInterval = TimeSpan.FromHours(1) });
        var rng = new Random(4242);
        var calls = Corpus().Where(m => m.FromClient).Select(m => m.Bytes).ToArray();
        for (var round = 0; round < 300; round++)
        {
            await using var c = new RawClient(server.ConnectInProcess());
            await c.OpenAsync();
            for (var k = 0; k < 5; k++)
            {
                var msg = rng.Next(4) == 0 ? Random(rng, rng.Next(4, 64)) : Mutate(rng, calls[rng.Next(calls.Length)]);
                await c.SendRawAsync(msg);
            }
            // A well-formed PING must still get its PONG, unless the garbage made the server close the connection.
            await c.SendRawAsync(Ping);
            // A mutated length may leave the server rightly waiting for the rest of a frame; once the client
            // hangs up the server must close too. ReadUntilClosed fails on a hang.
            await c.CloseOutputAsync();
            await c.ReadUntilClosedAsync(TimeSpan.FromSeconds(20));
        }
        await using var survivor = new RawClient(server.ConnectInProcess());
        await survivor.OpenAsync();
        Assert.Equal("TEST", (await survivor.CallAsync(RemoteProcedure.ConnectGetType)).Decode<Protocol.Records.StringValue>().Value);
    }

    private static readonly byte[] Ping = Convert.FromHexString("0000001C" + "6B656570" + "00000001" + "00000001" + "00000002" + "00000000" + "00000000");

    private static IEnumerable<CaptureFile.Message> Corpus() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Captures"), "*.lvr")
            .Where(p => !p.Contains("1000", StringComparison.Ordinal))
            .SelectMany(p => CaptureFile.Parse(File.ReadAllBytes(p)).Connections.SelectMany(c => c.Messages));

    private static byte[] Random(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    /// <summary>Bit flips, truncation, extension, and big-number splices (lengths and counts are where decoders break).</summary>
    private static byte[] Mutate(Random rng, byte[] seed)
    {
        var b = seed.ToList();
        var edits = rng.Next(1, 4);
        for (var e = 0; e < edits && b.Count > 0; e++)
        {
            var at = rng.Next(b.Count);
            switch (rng.Next(5))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: b.RemoveRange(at, b.Count - at); break;
                case 2: b.InsertRange(at, Random(rng, rng.Next(1, 9))); break;
                case 3:
                    var big = new byte[] { 0x7f, 0xff, 0xff, (byte)rng.Next(256) };
                    for (var i = 0; i < 4 && at + i < b.Count; i++) b[at + i] = big[i];
                    break;
                default: b[at] = 0; break;
            }
        }
        return [.. b];
    }
}
