namespace Vireo.Core.Domain;

/// <summary>libvirt's 'on'/'off' attribute values (virTristateSwitch without "absent": use a nullable).</summary>
public enum OnOff { On, Off }

/// <summary>libvirt's 'yes'/'no' attribute values (virTristateBool without "absent": use a nullable).</summary>
public enum YesNo { Yes, No }

/// <summary>
/// A feature element that may carry an optional state, e.g. &lt;hap/&gt; or &lt;pmu state='off'/&gt;.
/// A null Toggle means the element is absent; a Toggle with a null State means it is present bare.
/// </summary>
public sealed record Toggle(OnOff? State = null)
{
    public static readonly Toggle Present = new();
    public static readonly Toggle On = new(OnOff.On);
    public static readonly Toggle Off = new(OnOff.Off);

    /// <summary>True when the element is present and not switched off.</summary>
    public bool Enabled => State != OnOff.Off;
}
