using Vireo.Core.Domain;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>
/// The driver validates a definition (Core's DomainValidator) before it ever reaches the builder, so
/// every input that the golden files show building successfully must also pass validation; otherwise
/// the golden case shows something no user could get.
/// </summary>
public sealed class CoreValidationTests
{
    public static TheoryData<string> SuccessCases() =>
        new(GoldenData.CaseNames().Where(n => File.Exists(GoldenData.PathOf(n, ".args"))));

    [Theory]
    [MemberData(nameof(SuccessCases))]
    public void SuccessfulCasesPassCoreValidation(string name)
    {
        var problems = DomainValidator.Problems(GoldenData.LoadDomain(name)).Select(p => p.Message).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
