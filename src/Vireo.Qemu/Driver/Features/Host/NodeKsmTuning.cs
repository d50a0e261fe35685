using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// node-memory-tune as libvirt 9.0 does it (virhostmem): each shm_* parameter is the KSM file of the same
/// name without the prefix; counters are ULLONG, knobs UINT; shm_merge_across_nodes only on kernels that
/// have it. A set is checked whole (names, types, files present) before the first write.
/// </summary>
internal sealed class NodeKsmTuning(KsmFiles files) : INodeMemoryTuning
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<INodeMemoryTuning>(_ => new NodeKsmTuning(new KsmFiles()));

    private const uint StringOkay = 4;

    /// <summary>libvirt's order: (name, type, writable).</summary>
    private static readonly (string Name, TypedParameterType Type, bool Writable)[] Fields =
    [
        (NodeMemoryParams.PagesToScan, TypedParameterType.UInt, true),
        (NodeMemoryParams.SleepMillisecs, TypedParameterType.UInt, true),
        (NodeMemoryParams.PagesShared, TypedParameterType.ULLong, false),
        (NodeMemoryParams.PagesSharing, TypedParameterType.ULLong, false),
        (NodeMemoryParams.PagesUnshared, TypedParameterType.ULLong, false),
        (NodeMemoryParams.PagesVolatile, TypedParameterType.ULLong, false),
        (NodeMemoryParams.FullScans, TypedParameterType.ULLong, false),
        (NodeMemoryParams.MergeAcrossNodes, TypedParameterType.UInt, true),
    ];

    private static string FileOf(string field) => field["shm_".Length..];

    public IReadOnlyList<TypedParameter> GetMemoryParameters(uint flags)
    {
        HostCallErrors.CheckFlags(flags, StringOkay, "virHostMemGetParameters", VirErrorDomain.None);
        var result = new List<TypedParameter>();
        foreach (var (name, type, _) in Fields)
        {
            if (name == NodeMemoryParams.MergeAcrossNodes && !files.Exists(FileOf(name))) continue; // older kernels
            var value = Read(name);
            result.Add(type == TypedParameterType.UInt ? TypedParameter.UInt(name, (uint)value) : TypedParameter.ULLong(name, value));
        }
        return result;
    }

    public void SetMemoryParameters(IReadOnlyList<TypedParameter> parameters, uint flags)
    {
        HostCallErrors.CheckFlags(flags, 0, "virHostMemSetParameters", VirErrorDomain.None);
        Validate(parameters);
        foreach (var p in parameters)
            if (!files.Exists(FileOf(p.Field)))
                throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.None, $"Parameter '{p.Field}' is not supported by this kernel");
        foreach (var p in parameters)
        {
            try
            {
                files.Write(FileOf(p.Field), p.AsULong);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new VirException(VirErrorCode.SystemError, VirErrorDomain.None, $"unable to set {p.Field} to {p.AsULong} in {files.PathOf(FileOf(p.Field))}: {e.Message}");
            }
        }
    }

    /// <summary>virTypedParamsValidate: only the writable names, each once, each a UINT.</summary>
    private static void Validate(IReadOnlyList<TypedParameter> parameters) =>
        TypedParams.Validate(parameters, name => Fields.FirstOrDefault(f => f.Writable && f.Name == name) is { Name: not null } f ? f.Type : null);


    private ulong Read(string field)
    {
        try
        {
            return files.Read(FileOf(field))
                ?? throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.None, $"cannot read {files.PathOf(FileOf(field))}: the kernel has no KSM (CONFIG_KSM)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new VirException(VirErrorCode.SystemError, VirErrorDomain.None, $"unable to read {files.PathOf(FileOf(field))}: {e.Message}");
        }
    }
}
