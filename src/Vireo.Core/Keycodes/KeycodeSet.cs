namespace Vireo.Core.Keycodes;

/// <summary>
/// libvirt's virKeycodeSet: how the numbers of virDomainSendKey are to be read. The values are
/// libvirt's and travel on the wire (DOMAIN_SEND_KEY's codeset).
/// </summary>
public enum KeycodeSet
{
    /// <summary>Linux input event codes (KEY_* of input-event-codes.h); virsh's default.</summary>
    Linux = 0,

    /// <summary>The same numbers as <see cref="AtSet1"/> (libvirt kept the name for compatibility).</summary>
    Xt = 1,

    /// <summary>PC scan code set 1; keys with an E0 prefix are written 0xE0nn.</summary>
    AtSet1 = 2,
    AtSet2 = 3,
    AtSet3 = 4,

    /// <summary>macOS virtual key codes (kVK_*).</summary>
    OsX = 5,

    /// <summary>Set 1 as Linux's XT keyboard driver numbers it: an E0 prefix is 0x100 + the code.</summary>
    XtKbd = 6,

    /// <summary>USB HID usages of the keyboard page.</summary>
    Usb = 7,

    /// <summary>Windows virtual-key codes (VK_*).</summary>
    Win32 = 8,

    /// <summary>QEMU's key numbers: set 1, with an E0 prefix as 0x80 + the code. Also called "rfb".</summary>
    Qnum = 9,
}
