using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// domxml-to-native: the XML is parsed, defaulted and validated as define does, then built by the same
/// pure builder a start uses, with the start-only parts pretended (<see cref="NativeArgv"/>). Nothing
/// is defined, opened or started. The checks come in libvirt 9.0's order: flags, format, then the XML.
/// </summary>
internal sealed class QemuXmlToNative(DriverContext ctx) : IDomainXmlToNative
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainXmlToNative>(ctx => new QemuXmlToNative(ctx));

    public async ValueTask<string> XmlToNativeAsync(string format, string domainXml, uint flags, CancellationToken ct)
    {
        HostCallErrors.CheckFlags(flags, 0, "qemuConnectDomainXMLToNative", VirErrorDomain.Qemu);
        if (format != NativeArgv.Format) throw VirErrors.InvalidArg($"unsupported config type {format}", VirErrorDomain.Qemu);
        var def = DomainDefaults.Apply(DomainXml.Parse(domainXml));
        if (def.IsContainer)
            throw VirErrors.Unsupported($"domain '{def.Name}' has type '{def.Type}'; the QEMU driver runs types 'qemu' and 'kvm' (use the lxc:/// connection for containers)", VirErrorDomain.Qemu);
        var caps = await ctx.Emulators.GetAsync(def.Devices.Emulator, ct).ConfigureAwait(false);
        def = Definition.QemuDefinitionDefaults.Apply(def, caps);
        DomainValidator.Validate(def);
        var kvm = KvmProbe.Check();
        var cmd = QemuCommandBuilder.Build(def, new QemuLaunchContext
        {
            Caps = caps,
            Host = new QemuHostFacts
            {
                KvmUsable = kvm.Usable,
                KvmReason = kvm.Reason,
                VhostNetAvailable = HostFacts.VhostNetAvailable(),
                NumaNodes = NumaTopology.Read().Select(n => n.Id).ToList(),
            },
            Paths = ctx.Paths.Runtime(-1, def.Name),
            DomainId = -1,
            Now = DateTimeOffset.UtcNow,
            LocalUtcOffset = TimeZoneInfo.Local.GetUtcOffset(DateTimeOffset.UtcNow),
            InterfaceFds = NativeArgv.PretendInterfaceFds(def),
        });
        return NativeArgv.Render(cmd);
    }
}
