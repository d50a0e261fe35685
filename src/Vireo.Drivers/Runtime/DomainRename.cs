using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// virDomainRename's rules, the same for every driver and worded as libvirt 9.0 words them: only an
/// inactive persistent domain, not to its own name, not to a name with '/', and (Vireo's own rule, see
/// <see cref="DomainValidator.MaxNameBytes"/>) not to a name too long for the files named after it.
/// The clash with another domain's name is the registry's (<see cref="DomainRegistry.Rename"/>). Pure.
/// </summary>
public static class DomainRename
{
    /// <summary>The renamed definition, or the refusal.</summary>
    public static DomainDef Check(DomainObject dom, string? newName, uint flags, string function, VirErrorDomain from)
    {
        VirErrors.CheckFlags(flags, 0, function, from);
        if (newName is null)
            throw VirErrors.NonNullArg("new_name", "virDomainRename");
        if (dom.IsActive || dom.Persistent is null)
            throw VirErrors.Invalid("cannot rename active domain", from);
        if (string.Equals(newName, dom.Name, StringComparison.Ordinal))
            throw VirErrors.Invalid("Can't rename domain to itself", from);
        if (newName.Contains('/'))
            throw VirErrors.Xml($"name {newName} cannot contain '/'");
        if (newName.Length == 0)
            throw VirErrors.InvalidArg("the new name of domain '" + dom.Name + "' is empty", from);
        var renamed = dom.Persistent with { Name = newName };
        DomainValidator.Validate(renamed);
        return renamed;
    }

    /// <summary>libvirt's pair of events: the old name goes (UNDEFINED/RENAMED), the new one comes (DEFINED/RENAMED).</summary>
    public static (LifecycleEvent Gone, LifecycleEvent Came) Events(string oldName, DomainRef renamed) =>
        (new LifecycleEvent(renamed with { Name = oldName }, LifecycleEventType.Undefined, (int)UndefinedDetail.Renamed),
         new LifecycleEvent(renamed, LifecycleEventType.Defined, (int)DefinedDetail.Renamed));
}
