using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.IoThreads;

namespace Vireo.Qemu.Tests.Features.IoThreads;

/// <summary>
/// virsh iothreadset's checks with libvirtd 9.0's codes, error domains and sentences (each measured against a
/// sandboxed libvirtd with virsh and python-libvirt): the typed parameters, their ranges, the IOThread's existence,
/// the pool bounds against the ones the definition has, -1 refused for a running guest, polling refused for the
/// saved definition.
/// </summary>
public sealed class IoThreadParamRulesTests
{
    private static readonly DomainDef Def = new()
    {
        Type = "qemu",
        Name = "io",
        Uuid = Guid.Empty,
        IoThreads = 2,
        IoThreadIds = [new IoThreadIdDef(1, 2, 8), new IoThreadIdDef(2)],
    };

    private static (VirErrorCode, VirErrorDomain, string) Refusal(Action check)
    {
        var e = Assert.Throws<VirException>(check);
        return (e.Code, e.ErrorDomain, e.Message);
    }

    [Fact]
    public void Parameters_are_read_by_name_and_type()
    {
        Assert.Equal(new IoThreadParams(1000, 2, 3, 0, 4), IoThreadParams.Read(new IoThreadParams(1000, 2, 3, 0, 4).ToTypedParameters()));
        Assert.Equal((VirErrorCode.ArgumentUnsupported, VirErrorDomain.None, "argument unsupported: parameter 'bogus' not supported"),
            Refusal(() => IoThreadParams.Read([TypedParameter.UInt("bogus", 5)])));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.None, "invalid argument: invalid type 'uint' for parameter 'poll_max_ns', expected 'ullong'"),
            Refusal(() => IoThreadParams.Read([TypedParameter.UInt("poll_max_ns", 5)])));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.None, "invalid argument: parameter 'poll_grow' occurs multiple times"),
            Refusal(() => IoThreadParams.Read([TypedParameter.UInt("poll_grow", 5), TypedParameter.UInt("poll_grow", 6)])));
    }

    [Theory]
    [InlineData(2147483648ul, null, null, "poll-max-ns (2147483648) must be less than or equal to 2147483647")]
    [InlineData(null, 4294967295u, 2147483648u, "poll-grow (4294967295) must be less than or equal to 2147483647")]
    [InlineData(null, null, 2147483648u, "poll-shrink (2147483648) must be less than or equal to 2147483647")]
    public void Polling_values_above_int_max_are_unsupported(ulong? max, uint? grow, uint? shrink, string sentence) =>
        Assert.Equal((VirErrorCode.ConfigUnsupported, VirErrorDomain.Qemu, "unsupported configuration: " + sentence),
            Refusal(() => IoThreadParamRules.CheckRanges(new IoThreadParams(max, grow, shrink, -5))));

    [Fact]
    public void Pool_bounds_below_minus_one_or_a_zero_maximum_are_unsupported()
    {
        Assert.Equal((VirErrorCode.ConfigUnsupported, VirErrorDomain.Qemu, "unsupported configuration: thread_pool_min (-2) must be equal to or greater than -1"),
            Refusal(() => IoThreadParamRules.CheckRanges(new IoThreadParams(ThreadPoolMin: -2, ThreadPoolMax: 0))));
        Assert.Equal((VirErrorCode.ConfigUnsupported, VirErrorDomain.Qemu, "unsupported configuration: thread_pool_max (0) must be a positive number or -1"),
            Refusal(() => IoThreadParamRules.CheckRanges(new IoThreadParams(ThreadPoolMax: 0))));
        Assert.Equal((VirErrorCode.ConfigUnsupported, VirErrorDomain.Qemu, "unsupported configuration: thread_pool_max (-3) must be a positive number or -1"),
            Refusal(() => IoThreadParamRules.CheckRanges(new IoThreadParams(ThreadPoolMax: -3))));
        IoThreadParamRules.CheckRanges(new IoThreadParams(2147483647, 2147483647, 0, -1, -1));
    }

    [Fact]
    public void The_saved_definition_takes_pool_bounds_but_no_polling_values()
    {
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.Qemu, "invalid argument: cannot find IOThread '5' in iothreadids"),
            Refusal(() => IoThreadParamRules.CheckConfig(Def, 5, new IoThreadParams(PollGrow: 1))));
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "Requested operation is not valid: thread_pool_min (9) can't be greater than thread_pool_max (8)"),
            Refusal(() => IoThreadParamRules.CheckConfig(Def, 1, new IoThreadParams(PollGrow: 1, ThreadPoolMin: 9))));
        Assert.Equal((VirErrorCode.OperationUnsupported, VirErrorDomain.Qemu, "Operation not supported: configuring persistent polling values is not supported"),
            Refusal(() => IoThreadParamRules.CheckConfig(Def, 1, new IoThreadParams(PollGrow: 1, ThreadPoolMin: 3))));
        // An unset maximum counts as -1: a minimum alone is refused, as libvirt does.
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "Requested operation is not valid: thread_pool_min (0) can't be greater than thread_pool_max (-1)"),
            Refusal(() => IoThreadParamRules.CheckConfig(Def, 2, new IoThreadParams(ThreadPoolMin: 0))));
        IoThreadParamRules.CheckConfig(Def, 2, new IoThreadParams(ThreadPoolMin: -1, ThreadPoolMax: -1));
    }

    [Fact]
    public void A_running_guest_takes_no_minus_one_and_keeps_its_bounds_in_order()
    {
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "Requested operation is not valid: thread_pool_min (-1) must be equal to or greater than 0 for live change"),
            Refusal(() => IoThreadParamRules.CheckLive(Def, 1, new IoThreadParams(ThreadPoolMin: -1, ThreadPoolMax: -1))));
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "Requested operation is not valid: thread_pool_max (-1) must be equal to or greater than 0 for live change"),
            Refusal(() => IoThreadParamRules.CheckLive(Def, 1, new IoThreadParams(ThreadPoolMax: -1))));
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "Requested operation is not valid: thread_pool_min (2) can't be greater than thread_pool_max (1)"),
            Refusal(() => IoThreadParamRules.CheckLive(Def, 1, new IoThreadParams(ThreadPoolMax: 1))));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.Qemu, "invalid argument: cannot find IOThread '9' in iothreadids"),
            Refusal(() => IoThreadParamRules.CheckLive(Def, 9, new IoThreadParams(ThreadPoolMin: -1))));
        IoThreadParamRules.CheckLive(Def, 2, new IoThreadParams(PollMaxNs: 0));
    }

    [Fact]
    public void Applying_keeps_the_bounds_not_given_and_minus_one_clears_one()
    {
        Assert.Equal(new IoThreadIdDef(1, 2, 20), IoThreadSet.Find(IoThreadParamRules.Applied(Def, 1, new IoThreadParams(PollGrow: 3, ThreadPoolMax: 20)), 1));
        Assert.Equal(new IoThreadIdDef(1, null, 8), IoThreadSet.Find(IoThreadParamRules.Applied(Def, 1, new IoThreadParams(ThreadPoolMin: -1)), 1));
    }
}
