using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Vireo.Platform.Files;

namespace Vireo.Web.Auth;

/// <summary>
/// vireod's web token: 32 random bytes, base64url, kept in STATE_DIR/web-token (mode 0600) across restarts.
/// Anyone holding it can do what root can do with the guests.
/// </summary>
public sealed class WebToken
{
    private readonly byte[] _digest;

    public WebToken(string value)
    {
        Value = value;
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    public string Value { get; }

    /// <summary>
    /// Whether a presented token is this one. Both sides are hashed first, so the comparison takes the same
    /// time whatever the presented token's length or how much of it matches.
    /// </summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>A fresh token: 32 random bytes as base64url without padding (43 characters, cookie- and URL-safe).</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Reads the token file, or creates it (atomically, mode 0600) when it is missing or empty. Deleting the
    /// file and restarting vireod changes the token.
    /// </summary>
    public static async Task<WebToken> LoadOrCreateAsync(string path, CancellationToken ct)
    {
        if (File.Exists(path))
        {
            var text = (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
            if (text.Length > 0) return new WebToken(text);
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var token = Generate();
        await AtomicFile.WriteAllTextAsync(path, token + "\n", ct).ConfigureAwait(false);
        return new WebToken(token);
    }
}
