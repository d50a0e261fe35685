using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// The empty file a new copy or backup image starts as, created before qemu-img formats it so that a refusal
/// names what the host said (libvirt's sentences: "No such file or directory", "Permission denied").
/// </summary>
internal static class NewImageFile
{
    /// <summary>Creates <paramref name="path"/>, which must not exist; <paramref name="refusal"/> words the error from the host's cause.</summary>
    public static async Task CreateAsync(string path, Func<string, VirException> refusal)
    {
        try
        {
            await using (new FileStream(path, FileMode.CreateNew, FileAccess.Write)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw refusal(e switch
            {
                DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException => "Permission denied",
                _ => e.Message,
            });
        }
    }
}
