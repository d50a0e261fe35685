using Vireo.Drivers.Runtime;

namespace Vireo.Rpc.Tests.Runtime;

/// <summary>libvirt's rule for a pair of opposite list flags (network and pool listings): neither bit means either value.</summary>
public sealed class OppositePairTests
{
    private const ulong Yes = 1, No = 2, Unrelated = 4;

    [Theory]
    [InlineData(0UL, true, true)]
    [InlineData(0UL, false, true)]
    [InlineData(Unrelated, false, true)]
    [InlineData(Yes, true, true)]
    [InlineData(Yes, false, false)]
    [InlineData(No, true, false)]
    [InlineData(No, false, true)]
    [InlineData(Yes | No, true, true)]
    [InlineData(Yes | No, false, true)]
    public void A_value_matches_when_its_bit_is_set_or_neither_is(ulong flags, bool value, bool matches) =>
        Assert.Equal(matches, ListFilter.OppositePair(flags, Yes, No, value));
}
