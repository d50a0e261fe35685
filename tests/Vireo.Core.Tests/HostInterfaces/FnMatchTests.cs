using Vireo.Core.HostInterfaces;

namespace Vireo.Core.Tests.HostInterfaces;

/// <summary>fnmatch(3) with no flags, as glibc answers (checked with Python's ctypes call of glibc's fnmatch on this machine).</summary>
public sealed class FnMatchTests
{
    [Theory]
    [InlineData("02:fc:00:00:00:01", "02:fc:00:00:00:01", true)]
    [InlineData("02:FC:00:00:00:01", "02:fc:00:00:00:01", false)]
    [InlineData("02:fc:*", "02:fc:00:00:00:01", true)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("?", "", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("*:0[0-9]", "52:54:00:aa:00:05", true)]
    [InlineData("*:0[0-9]", "52:54:00:aa:00:0a", false)]
    [InlineData("[!5]*", "52:54", false)]
    [InlineData("[^5]*", "62:54", true)]
    [InlineData("[]]", "]", true)]
    [InlineData("[!]]", "a", true)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[[:xdigit:]][[:digit:]]", "f0", true)]
    [InlineData("[[:upper:]]", "a", false)]
    [InlineData("[[:bogus:]]", "a", false)]
    [InlineData("[ab", "[ab", true)]
    [InlineData("[ab", "a", false)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("a\\", "a\\", false)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("*a*b*c", "xxaxxbxxcxxc", true)]
    [InlineData("*a*b*c", "xxaxxbxx", false)]
    [InlineData("/*", "/x/y", true)]
    [InlineData("*", ".hidden", true)]
    public void Matches_as_glibc_does(string pattern, string text, bool expected) =>
        Assert.Equal(expected, FnMatch.Matches(pattern, text));

    [Fact]
    public void A_pattern_of_many_stars_does_not_backtrack_exponentially()
    {
        var pattern = string.Concat(Enumerable.Repeat("*?", 5000)) + "x";
        Assert.False(FnMatch.Matches(pattern, new string('a', 10000)));
    }
}
