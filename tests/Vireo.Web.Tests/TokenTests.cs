using Vireo.Web.Auth;

namespace Vireo.Web.Tests;

/// <summary>STATE_DIR/web-token: created once (0600, 32 random bytes base64url), reused after, matched in constant time.</summary>
public sealed class TokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-token-").FullName;

    private string File_ => Path.Combine(_dir, "lib", "web-token");

    [Fact]
    public async Task A_missing_token_file_is_created_with_mode_0600_and_a_43_character_token()
    {
        var token = await WebToken.LoadOrCreateAsync(File_, CancellationToken.None);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token.Value);
        Assert.Equal(token.Value + "\n", await File.ReadAllTextAsync(File_, TestContext.Current.CancellationToken));
#pragma warning disable CA1416 // Linux only
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(File_));
#pragma warning restore CA1416
        Assert.Equal([File_], Directory.GetFiles(Path.GetDirectoryName(File_)!)); // no temp file left
    }

    [Fact]
    public async Task An_existing_token_is_kept_across_restarts()
    {
        var first = await WebToken.LoadOrCreateAsync(File_, CancellationToken.None);
        var second = await WebToken.LoadOrCreateAsync(File_, CancellationToken.None);
        Assert.Equal(first.Value, second.Value);
    }

    [Fact]
    public async Task Deleting_the_file_changes_the_token()
    {
        var first = await WebToken.LoadOrCreateAsync(File_, CancellationToken.None);
        File.Delete(File_);
        var second = await WebToken.LoadOrCreateAsync(File_, CancellationToken.None);
        Assert.NotEqual(first.Value, second.Value);
    }

    [Fact]
    public async Task A_token_written_by_hand_is_used_as_written()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File_)!);
        await File.WriteAllTextAsync(File_, "  my-own-secret \n", TestContext.Current.CancellationToken);
        Assert.Equal("my-own-secret", (await WebToken.LoadOrCreateAsync(File_, CancellationToken.None)).Value);
    }

    [Fact]
    public void Only_the_exact_token_matches()
    {
        var token = new WebToken("abcdef");
        Assert.True(token.Matches("abcdef"));
        Assert.False(token.Matches("abcdeg"));
        Assert.False(token.Matches("abcdef "));
        Assert.False(token.Matches("abc"));
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(null));
    }

    [Fact]
    public void Generated_tokens_differ() => Assert.NotEqual(WebToken.Generate(), WebToken.Generate());

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
