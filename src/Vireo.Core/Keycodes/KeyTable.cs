using System.Globalization;

namespace Vireo.Core.Keycodes;

/// <summary>One physical key in every codeset that names it (null: the codeset has no code for it).</summary>
/// <param name="Set1">PC scan code set 1 (= XT); keys sent with an E0 prefix are 0xE0nn.</param>
public sealed record KeyRow(string LinuxName, int Linux, int? Set1, int? Set2, int? Set3, int? Usb,
    IReadOnlyList<string> Win32Names, string? MacName);

/// <summary>
/// The key table that links the codesets, one row per physical key, written from documented facts:
/// set 1 and set 2 scan codes and USB usages from Microsoft's "Keyboard Scan Code Specification"
/// (appendix C: USB usage to PS/2 scan codes, including the ACPI and multimedia keys), set 3 codes
/// from IBM's PS/2 keyboard reference, USB usages from the HID Usage Tables (keyboard page 0x07),
/// Windows virtual keys from Microsoft's list, macOS codes from HIToolbox Events.h, and Linux's name for
/// each key (the code comes from the kernel header, <see cref="LinuxKeys"/>).
/// Set 1 is left out where QEMU's numbering (qnum) is not the documented set 1 code (F13-F24, the
/// Korean Hangul/Hanja keys): such a key is refused rather than sent as some other key.
/// Checked against the real thing by the integration test that types every key of this table into a
/// Linux guest and reads the key code its input layer reports.
/// </summary>
public static class KeyTable
{
    // linux name          set1    set2    set3   usb   win32 names                     os_x
    private const string Data = """
        KEY_ESC            0x01    0x76    0x08   0x29  VK_ESCAPE                       Escape
        KEY_1              0x02    0x16    0x16   0x1E  VK_1                            ANSI_1
        KEY_2              0x03    0x1E    0x1E   0x1F  VK_2                            ANSI_2
        KEY_3              0x04    0x26    0x26   0x20  VK_3                            ANSI_3
        KEY_4              0x05    0x25    0x25   0x21  VK_4                            ANSI_4
        KEY_5              0x06    0x2E    0x2E   0x22  VK_5                            ANSI_5
        KEY_6              0x07    0x36    0x36   0x23  VK_6                            ANSI_6
        KEY_7              0x08    0x3D    0x3D   0x24  VK_7                            ANSI_7
        KEY_8              0x09    0x3E    0x3E   0x25  VK_8                            ANSI_8
        KEY_9              0x0A    0x46    0x46   0x26  VK_9                            ANSI_9
        KEY_0              0x0B    0x45    0x45   0x27  VK_0                            ANSI_0
        KEY_MINUS          0x0C    0x4E    0x4E   0x2D  VK_OEM_MINUS                    ANSI_Minus
        KEY_EQUAL          0x0D    0x55    0x55   0x2E  VK_OEM_PLUS                     ANSI_Equal
        KEY_BACKSPACE      0x0E    0x66    0x66   0x2A  VK_BACK                         Delete
        KEY_TAB            0x0F    0x0D    0x0D   0x2B  VK_TAB                          Tab
        KEY_Q              0x10    0x15    0x15   0x14  VK_Q                            ANSI_Q
        KEY_W              0x11    0x1D    0x1D   0x1A  VK_W                            ANSI_W
        KEY_E              0x12    0x24    0x24   0x08  VK_E                            ANSI_E
        KEY_R              0x13    0x2D    0x2D   0x15  VK_R                            ANSI_R
        KEY_T              0x14    0x2C    0x2C   0x17  VK_T                            ANSI_T
        KEY_Y              0x15    0x35    0x35   0x1C  VK_Y                            ANSI_Y
        KEY_U              0x16    0x3C    0x3C   0x18  VK_U                            ANSI_U
        KEY_I              0x17    0x43    0x43   0x0C  VK_I                            ANSI_I
        KEY_O              0x18    0x44    0x44   0x12  VK_O                            ANSI_O
        KEY_P              0x19    0x4D    0x4D   0x13  VK_P                            ANSI_P
        KEY_LEFTBRACE      0x1A    0x54    0x54   0x2F  VK_OEM_4                        ANSI_LeftBracket
        KEY_RIGHTBRACE     0x1B    0x5B    0x5B   0x30  VK_OEM_6                        ANSI_RightBracket
        KEY_ENTER          0x1C    0x5A    0x5A   0x28  VK_RETURN                       Return
        KEY_LEFTCTRL       0x1D    0x14    0x11   0xE0  VK_CONTROL,VK_LCONTROL          Control
        KEY_A              0x1E    0x1C    0x1C   0x04  VK_A                            ANSI_A
        KEY_S              0x1F    0x1B    0x1B   0x16  VK_S                            ANSI_S
        KEY_D              0x20    0x23    0x23   0x07  VK_D                            ANSI_D
        KEY_F              0x21    0x2B    0x2B   0x09  VK_F                            ANSI_F
        KEY_G              0x22    0x34    0x34   0x0A  VK_G                            ANSI_G
        KEY_H              0x23    0x33    0x33   0x0B  VK_H                            ANSI_H
        KEY_J              0x24    0x3B    0x3B   0x0D  VK_J                            ANSI_J
        KEY_K              0x25    0x42    0x42   0x0E  VK_K                            ANSI_K
        KEY_L              0x26    0x4B    0x4B   0x0F  VK_L                            ANSI_L
        KEY_SEMICOLON      0x27    0x4C    0x4C   0x33  VK_OEM_1                        ANSI_Semicolon
        KEY_APOSTROPHE     0x28    0x52    0x52   0x34  VK_OEM_7                        ANSI_Quote
        KEY_GRAVE          0x29    0x0E    0x0E   0x35  VK_OEM_3                        ANSI_Grave
        KEY_LEFTSHIFT      0x2A    0x12    0x12   0xE1  VK_SHIFT,VK_LSHIFT              Shift
        KEY_BACKSLASH      0x2B    0x5D    0x5C   0x31  VK_OEM_5                        ANSI_Backslash
        KEY_Z              0x2C    0x1A    0x1A   0x1D  VK_Z                            ANSI_Z
        KEY_X              0x2D    0x22    0x22   0x1B  VK_X                            ANSI_X
        KEY_C              0x2E    0x21    0x21   0x06  VK_C                            ANSI_C
        KEY_V              0x2F    0x2A    0x2A   0x19  VK_V                            ANSI_V
        KEY_B              0x30    0x32    0x32   0x05  VK_B                            ANSI_B
        KEY_N              0x31    0x31    0x31   0x11  VK_N                            ANSI_N
        KEY_M              0x32    0x3A    0x3A   0x10  VK_M                            ANSI_M
        KEY_COMMA          0x33    0x41    0x41   0x36  VK_OEM_COMMA                    ANSI_Comma
        KEY_DOT            0x34    0x49    0x49   0x37  VK_OEM_PERIOD                   ANSI_Period
        KEY_SLASH          0x35    0x4A    0x4A   0x38  VK_OEM_2                        ANSI_Slash
        KEY_RIGHTSHIFT     0x36    0x59    0x59   0xE5  VK_RSHIFT                       RightShift
        KEY_KPASTERISK     0x37    0x7C    0x7E   0x55  VK_MULTIPLY                     ANSI_KeypadMultiply
        KEY_LEFTALT        0x38    0x11    0x19   0xE2  VK_MENU,VK_LMENU                Option
        KEY_SPACE          0x39    0x29    0x29   0x2C  VK_SPACE                        Space
        KEY_CAPSLOCK       0x3A    0x58    0x14   0x39  VK_CAPITAL                      CapsLock
        KEY_F1             0x3B    0x05    0x07   0x3A  VK_F1                           F1
        KEY_F2             0x3C    0x06    0x0F   0x3B  VK_F2                           F2
        KEY_F3             0x3D    0x04    0x17   0x3C  VK_F3                           F3
        KEY_F4             0x3E    0x0C    0x1F   0x3D  VK_F4                           F4
        KEY_F5             0x3F    0x03    0x27   0x3E  VK_F5                           F5
        KEY_F6             0x40    0x0B    0x2F   0x3F  VK_F6                           F6
        KEY_F7             0x41    0x83    0x37   0x40  VK_F7                           F7
        KEY_F8             0x42    0x0A    0x3F   0x41  VK_F8                           F8
        KEY_F9             0x43    0x01    0x47   0x42  VK_F9                           F9
        KEY_F10            0x44    0x09    0x4F   0x43  VK_F10                          F10
        KEY_NUMLOCK        0x45    0x77    0x76   0x53  VK_NUMLOCK                      ANSI_KeypadClear
        KEY_SCROLLLOCK     0x46    0x7E    0x5F   0x47  VK_SCROLL                       -
        KEY_KP7            0x47    0x6C    0x6C   0x5F  VK_NUMPAD7                      ANSI_Keypad7
        KEY_KP8            0x48    0x75    0x75   0x60  VK_NUMPAD8                      ANSI_Keypad8
        KEY_KP9            0x49    0x7D    0x7D   0x61  VK_NUMPAD9                      ANSI_Keypad9
        KEY_KPMINUS        0x4A    0x7B    0x84   0x56  VK_SUBTRACT                     ANSI_KeypadMinus
        KEY_KP4            0x4B    0x6B    0x6B   0x5C  VK_NUMPAD4                      ANSI_Keypad4
        KEY_KP5            0x4C    0x73    0x73   0x5D  VK_NUMPAD5                      ANSI_Keypad5
        KEY_KP6            0x4D    0x74    0x74   0x5E  VK_NUMPAD6                      ANSI_Keypad6
        KEY_KPPLUS         0x4E    0x79    0x7C   0x57  VK_ADD                          ANSI_KeypadPlus
        KEY_KP1            0x4F    0x69    0x69   0x59  VK_NUMPAD1                      ANSI_Keypad1
        KEY_KP2            0x50    0x72    0x72   0x5A  VK_NUMPAD2                      ANSI_Keypad2
        KEY_KP3            0x51    0x7A    0x7A   0x5B  VK_NUMPAD3                      ANSI_Keypad3
        KEY_KP0            0x52    0x70    0x70   0x62  VK_NUMPAD0                      ANSI_Keypad0
        KEY_KPDOT          0x53    0x71    0x71   0x63  VK_DECIMAL                      ANSI_KeypadDecimal
        KEY_ZENKAKUHANKAKU 0x76    0x5F    -      0x94  -                               -
        KEY_102ND          0x56    0x61    0x13   0x64  VK_OEM_102                      ISO_Section
        KEY_F11            0x57    0x78    0x56   0x44  VK_F11                          F11
        KEY_F12            0x58    0x07    0x5E   0x45  VK_F12                          F12
        KEY_RO             0x73    0x51    -      0x87  VK_ABNT_C1                      JIS_Underscore
        KEY_KATAKANA       0x78    0x63    -      0x92  -                               -
        KEY_HIRAGANA       0x77    0x62    -      0x93  -                               -
        KEY_HENKAN         0x79    0x64    -      0x8A  VK_CONVERT                      -
        KEY_KATAKANAHIRAGANA 0x70  0x13    -      0x88  -                               -
        KEY_MUHENKAN       0x7B    0x67    -      0x8B  VK_NONCONVERT                   -
        KEY_KPJPCOMMA      0x5C    0x27    -      0x8C  -                               JIS_KeypadComma
        KEY_KPENTER        0xE01C  0xE05A  0x79   0x58  -                               ANSI_KeypadEnter
        KEY_RIGHTCTRL      0xE01D  0xE014  0x58   0xE4  VK_RCONTROL                     RightControl
        KEY_KPSLASH        0xE035  0xE04A  0x77   0x54  VK_DIVIDE                       ANSI_KeypadDivide
        KEY_SYSRQ          0xE037  0xE07C  0x57   0x46  VK_SNAPSHOT                     -
        KEY_RIGHTALT       0xE038  0xE011  0x39   0xE6  VK_RMENU                        RightOption
        KEY_HOME           0xE047  0xE06C  0x6E   0x4A  VK_HOME                         Home
        KEY_UP             0xE048  0xE075  0x63   0x52  VK_UP                           UpArrow
        KEY_PAGEUP         0xE049  0xE07D  0x6F   0x4B  VK_PRIOR                        PageUp
        KEY_LEFT           0xE04B  0xE06B  0x61   0x50  VK_LEFT                         LeftArrow
        KEY_RIGHT          0xE04D  0xE074  0x6A   0x4F  VK_RIGHT                        RightArrow
        KEY_END            0xE04F  0xE069  0x65   0x4D  VK_END                          End
        KEY_DOWN           0xE050  0xE072  0x60   0x51  VK_DOWN                         DownArrow
        KEY_PAGEDOWN       0xE051  0xE07A  0x6D   0x4E  VK_NEXT                         PageDown
        KEY_INSERT         0xE052  0xE070  0x67   0x49  VK_INSERT                       Help
        KEY_DELETE         0xE053  0xE071  0x64   0x4C  VK_DELETE                       ForwardDelete
        KEY_MUTE           0xE020  0xE023  -      0x7F  VK_VOLUME_MUTE                  Mute
        KEY_VOLUMEDOWN     0xE02E  0xE021  -      0x81  VK_VOLUME_DOWN                  VolumeDown
        KEY_VOLUMEUP       0xE030  0xE032  -      0x80  VK_VOLUME_UP                    VolumeUp
        KEY_POWER          0xE05E  0xE037  -      0x66  -                               -
        KEY_KPEQUAL        0x59    0x0F    -      0x67  VK_OEM_NEC_EQUAL                ANSI_KeypadEquals
        KEY_PAUSE          0xE046  0xE07E  0x62   0x48  VK_PAUSE                        -
        KEY_KPCOMMA        0x7E    0x6D    -      0x85  VK_ABNT_C2                      -
        KEY_HANGEUL        -       -       -      0x90  VK_HANGUL                       JIS_Kana
        KEY_HANJA          -       -       -      0x91  VK_HANJA                        JIS_Eisu
        KEY_YEN            0x7D    0x6A    -      0x89  -                               JIS_Yen
        KEY_LEFTMETA       0xE05B  0xE01F  0x8B   0xE3  VK_LWIN                         Command
        KEY_RIGHTMETA      0xE05C  0xE027  0x8C   0xE7  VK_RWIN                         RightCommand
        KEY_COMPOSE        0xE05D  0xE02F  0x8D   0x65  VK_APPS                         -
        KEY_STOP           0xE068  0xE028  -      0x78  VK_BROWSER_STOP                 -
        KEY_AGAIN          -       -       -      0x79  -                               -
        KEY_PROPS          -       -       -      0x76  -                               -
        KEY_UNDO           -       -       -      0x7A  -                               -
        KEY_FRONT          -       -       -      0x77  VK_SELECT                       -
        KEY_COPY           -       -       -      0x7C  -                               -
        KEY_OPEN           -       -       -      0x74  VK_EXECUTE                      -
        KEY_PASTE          -       -       -      0x7D  -                               -
        KEY_FIND           -       -       -      0x7E  -                               -
        KEY_CUT            -       -       -      0x7B  -                               -
        KEY_HELP           -       -       -      0x75  VK_HELP                         -
        KEY_CALC           0xE021  0xE02B  -      -     VK_LAUNCH_APP2                  -
        KEY_SLEEP          0xE05F  0xE03F  -      -     VK_SLEEP                        -
        KEY_WAKEUP         0xE063  0xE05E  -      -     -                               -
        KEY_MAIL           0xE06C  0xE048  -      -     VK_LAUNCH_MAIL                  -
        KEY_BOOKMARKS      0xE066  0xE018  -      -     VK_BROWSER_FAVORITES            -
        KEY_COMPUTER       0xE06B  0xE040  -      -     VK_LAUNCH_APP1                  -
        KEY_BACK           0xE06A  0xE038  -      -     VK_BROWSER_BACK                 -
        KEY_FORWARD        0xE069  0xE030  -      -     VK_BROWSER_FORWARD              -
        KEY_NEXTSONG       0xE019  0xE04D  -      -     VK_MEDIA_NEXT_TRACK             -
        KEY_PLAYPAUSE      0xE022  0xE034  -      -     VK_MEDIA_PLAY_PAUSE             -
        KEY_PREVIOUSSONG   0xE010  0xE015  -      -     VK_MEDIA_PREV_TRACK             -
        KEY_STOPCD         0xE024  0xE03B  -      -     VK_MEDIA_STOP                   -
        KEY_HOMEPAGE       0xE032  0xE03A  -      -     VK_BROWSER_HOME                 -
        KEY_REFRESH        0xE067  0xE020  -      -     VK_BROWSER_REFRESH              -
        KEY_SEARCH         0xE065  0xE010  -      -     VK_BROWSER_SEARCH               -
        KEY_MEDIA          0xE06D  0xE050  -      -     VK_LAUNCH_MEDIA_SELECT          -
        KEY_F13            -       -       -      0x68  VK_F13                          F13
        KEY_F14            -       -       -      0x69  VK_F14                          F14
        KEY_F15            -       -       -      0x6A  VK_F15                          F15
        KEY_F16            -       -       -      0x6B  VK_F16                          F16
        KEY_F17            -       -       -      0x6C  VK_F17                          F17
        KEY_F18            -       -       -      0x6D  VK_F18                          F18
        KEY_F19            -       -       -      0x6E  VK_F19                          F19
        KEY_F20            -       -       -      0x6F  VK_F20                          F20
        KEY_F21            -       -       -      0x70  VK_F21                          -
        KEY_F22            -       -       -      0x71  VK_F22                          -
        KEY_F23            -       -       -      0x72  VK_F23                          -
        KEY_F24            -       -       -      0x73  VK_F24                          -
        KEY_KPLEFTPAREN    -       -       -      0xB6  -                               -
        KEY_KPRIGHTPAREN   -       -       -      0xB7  -                               -
        KEY_FN             -       -       -      -     -                               Function
        """;

    /// <summary>Every row, in table order.</summary>
    public static readonly IReadOnlyList<KeyRow> Rows = Parse();

    private static KeyRow[] Parse()
    {
        var linux = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, code) in LinuxKeys.All) linux.TryAdd(name, code);
        var rows = new List<KeyRow>();
        foreach (var raw in Data.Split('\n'))
        {
            var f = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0) continue;
            if (f.Length != 7) throw new InvalidOperationException($"key table row '{raw.Trim()}' has {f.Length} columns, not 7");
            if (!linux.TryGetValue(f[0], out var code)) throw new InvalidOperationException($"key table row names {f[0]}, which the Linux header does not define");
            rows.Add(new KeyRow(f[0], code, Num(f[1]), Num(f[2]), Num(f[3]), Num(f[4]),
                f[5] == "-" ? [] : f[5].Split(','), f[6] == "-" ? null : f[6]));
        }
        return [.. rows];
    }

    private static int? Num(string s) => s == "-" ? null : int.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
