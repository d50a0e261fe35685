using System.Net;
using Microsoft.Extensions.Configuration;
using Vireo.Web.Hosting;

namespace Vireo.Web.Tests;

/// <summary>[Web] Listen and --web: what is accepted, and the sentences for what is not.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:8007", "127.0.0.1", 8007)]
    [InlineData(" 0.0.0.0:0 ", "0.0.0.0", 0)]
    [InlineData("[::1]:8007", "::1", 8007)]
    public void Tcp_addresses_are_an_ip_and_a_port(string text, string ip, int port)
    {
        var a = Assert.IsType<WebListenAddress.Tcp>(WebListenAddress.Parse(text));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), a.EndPoint);
    }

    [Fact]
    public void A_unix_address_is_an_absolute_socket_path()
    {
        Assert.Equal("/run/vireo/web.sock", Assert.IsType<WebListenAddress.Unix>(WebListenAddress.Parse("unix:/run/vireo/web.sock")).Path);
        var relative = Assert.IsType<WebListenAddress.Unix>(WebListenAddress.Parse("unix:web.sock"));
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "web.sock"), relative.Path);
    }

    [Theory]
    [InlineData("8007", "the port is missing")]
    [InlineData("localhost:8007", "the host must be an IP address (a bracketed one for IPv6), not a name")]
    [InlineData("127.0.0.1:70000", "the port must be a number from 0 to 65535")]
    [InlineData("127.0.0.1:x", "the port must be a number from 0 to 65535")]
    [InlineData("::1:8007", "an IPv6 address must be in brackets, e.g. [::1]:8007")]
    [InlineData("unix:", "unix: needs a socket path after it")]
    public void Bad_addresses_are_refused_with_a_sentence(string text, string why)
    {
        var e = Assert.Throws<FormatException>(() => WebListenAddress.Parse(text));
        Assert.Equal($"The web listen address '{text}' is not valid: {why} (use HOST:PORT such as 127.0.0.1:8007, or unix:PATH).", e.Message);
    }

    [Fact]
    public void The_web_server_is_off_without_listen_and_keeps_its_token_in_the_state_dir()
    {
        Assert.Null(WebOptions.FromConfiguration(new ConfigurationBuilder().Build(), "/var/lib/vireo"));
        Assert.Null(WebOptions.FromConfiguration(Config(("Web:Listen", " ")), "/var/lib/vireo"));
        var on = WebOptions.FromConfiguration(Config(("Web:Listen", "127.0.0.1:8007")), "/var/lib/vireo")!;
        Assert.Equal("127.0.0.1:8007", on.Listen.ToString());
        Assert.Equal("/var/lib/vireo/web-token", on.TokenFile);
        Assert.Equal(TimeSpan.FromSeconds(15), on.KeepaliveInterval);
        Assert.Equal(10 * 1024 * 1024, on.MaxXmlBytes);
    }

    [Fact]
    public void The_section_and_key_are_case_insensitive_as_in_the_ini_file()
    {
        var on = WebOptions.FromConfiguration(Config(("web:listen", "unix:/tmp/x.sock")), "/s")!;
        Assert.Equal("unix:/tmp/x.sock", on.Listen.ToString());
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
