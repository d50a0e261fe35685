using Vireo.Core.Errors;

namespace Vireo.Core.HostInterfaces;

/// <summary>
/// libvirt 9.0's interface calls as its udev backend answers them, over a source of net devices read afresh at
/// every call as that backend does (it keeps no list): listings read every device, lookups only the ones they need.
/// Flags it does not know are refused with its virCheckFlags sentences, naming its functions.
/// </summary>
public sealed class HostInterfaceCalls(Func<IReadOnlyList<HostNetDevice>> scanAll, Func<string, HostNetDevice?> read)
{
    /// <summary>VIR_CONNECT_LIST_INTERFACES_INACTIVE | _ACTIVE.</summary>
    public const uint ListFlags = 3;

    /// <summary>VIR_INTERFACE_XML_INACTIVE.</summary>
    public const uint XmlFlags = 1;

    /// <summary>listAllInterfaces: flags 0 or both for all, VIR_CONNECT_LIST_INTERFACES_ACTIVE (2) or _INACTIVE (1).</summary>
    public IReadOnlyList<HostInterfaceRef> ListAll(uint flags)
    {
        VirErrors.CheckFlags(flags, ListFlags, "udevConnectListAllInterfaces", VirErrorDomain.Interface);
        return HostInterfaceRules.Enumerate(scanAll())
            .Where(d => flags is 0 or ListFlags || (flags == 2) == HostInterfaceRules.IsActive(d))
            .Select(Ref).ToList();
    }

    /// <summary>The old list calls' names: the active interfaces, or the "defined" (operstate down) ones.</summary>
    public IReadOnlyList<string> Names(bool active) =>
        HostInterfaceRules.InState(HostInterfaceRules.Enumerate(scanAll()), active).Select(d => d.Name).ToList();

    public HostInterfaceRef LookupByName(string name) => Ref(Find(name));

    /// <summary>The one listed interface whose MAC matches (a pattern, as libudev matches it).</summary>
    public HostInterfaceRef LookupByMac(string mac) => Ref(HostInterfaceRules.ByMac(HostInterfaceRules.Enumerate(scanAll()), mac));

    /// <summary>The interface's XML; flags may only hold VIR_INTERFACE_XML_INACTIVE, which changes nothing.</summary>
    public string GetXmlDesc(string name, uint flags)
    {
        VirErrors.CheckFlags(flags, XmlFlags, "udevInterfaceGetXMLDesc", VirErrorDomain.Interface);
        return HostInterfaceXml.Format(HostInterfaceRules.Define(name, read));
    }

    public bool IsActive(string name) => HostInterfaceRules.IsActive(Find(name));

    private HostNetDevice Find(string name) => read(name) ?? throw HostInterfaceErrors.NoSuchName(name);

    private static HostInterfaceRef Ref(HostNetDevice d) => new(d.Name, HostInterfaceRules.Mac(d));
}

/// <summary>An interface as the protocol carries it (remote_nonnull_interface): name and MAC.</summary>
public readonly record struct HostInterfaceRef(string Name, string Mac);
