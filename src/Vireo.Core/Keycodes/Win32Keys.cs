namespace Vireo.Core.Keycodes;

/// <summary>
/// Windows virtual-key codes (Microsoft's "Virtual-Key Codes" list, the VK_ constants of winuser.h), the
/// names virsh accepts for <c>--codeset win32</c>. Letters and digits have no VK_ constant in winuser.h
/// (their codes are the ASCII capitals and digits); virsh and this table call them VK_A..VK_Z, VK_0..VK_9.
/// Some codes have two names (VK_KANA = VK_HANGUL, VK_HANJA = VK_KANJI).
/// </summary>
public static class Win32Keys
{
    public static readonly IReadOnlyList<(string Name, int Code)> All = Build();

    private static (string, int)[] Build()
    {
        var list = new List<(string, int)>
        {
            ("VK_CANCEL", 0x03), ("VK_BACK", 0x08), ("VK_TAB", 0x09), ("VK_CLEAR", 0x0C), ("VK_RETURN", 0x0D),
            ("VK_SHIFT", 0x10), ("VK_CONTROL", 0x11), ("VK_MENU", 0x12), ("VK_PAUSE", 0x13), ("VK_CAPITAL", 0x14),
            ("VK_KANA", 0x15), ("VK_HANGUL", 0x15), ("VK_IME_ON", 0x16), ("VK_JUNJA", 0x17), ("VK_FINAL", 0x18),
            ("VK_HANJA", 0x19), ("VK_KANJI", 0x19), ("VK_IME_OFF", 0x1A), ("VK_ESCAPE", 0x1B), ("VK_CONVERT", 0x1C),
            ("VK_NONCONVERT", 0x1D), ("VK_ACCEPT", 0x1E), ("VK_MODECHANGE", 0x1F), ("VK_SPACE", 0x20),
            ("VK_PRIOR", 0x21), ("VK_NEXT", 0x22), ("VK_END", 0x23), ("VK_HOME", 0x24), ("VK_LEFT", 0x25),
            ("VK_UP", 0x26), ("VK_RIGHT", 0x27), ("VK_DOWN", 0x28), ("VK_SELECT", 0x29), ("VK_PRINT", 0x2A),
            ("VK_EXECUTE", 0x2B), ("VK_SNAPSHOT", 0x2C), ("VK_INSERT", 0x2D), ("VK_DELETE", 0x2E), ("VK_HELP", 0x2F),
            ("VK_LWIN", 0x5B), ("VK_RWIN", 0x5C), ("VK_APPS", 0x5D), ("VK_SLEEP", 0x5F),
            ("VK_MULTIPLY", 0x6A), ("VK_ADD", 0x6B), ("VK_SEPARATOR", 0x6C), ("VK_SUBTRACT", 0x6D),
            ("VK_DECIMAL", 0x6E), ("VK_DIVIDE", 0x6F), ("VK_NUMLOCK", 0x90), ("VK_SCROLL", 0x91),
            ("VK_OEM_NEC_EQUAL", 0x92), ("VK_LSHIFT", 0xA0), ("VK_RSHIFT", 0xA1), ("VK_LCONTROL", 0xA2),
            ("VK_RCONTROL", 0xA3), ("VK_LMENU", 0xA4), ("VK_RMENU", 0xA5), ("VK_BROWSER_BACK", 0xA6),
            ("VK_BROWSER_FORWARD", 0xA7), ("VK_BROWSER_REFRESH", 0xA8), ("VK_BROWSER_STOP", 0xA9),
            ("VK_BROWSER_SEARCH", 0xAA), ("VK_BROWSER_FAVORITES", 0xAB), ("VK_BROWSER_HOME", 0xAC),
            ("VK_VOLUME_MUTE", 0xAD), ("VK_VOLUME_DOWN", 0xAE), ("VK_VOLUME_UP", 0xAF),
            ("VK_MEDIA_NEXT_TRACK", 0xB0), ("VK_MEDIA_PREV_TRACK", 0xB1), ("VK_MEDIA_STOP", 0xB2),
            ("VK_MEDIA_PLAY_PAUSE", 0xB3), ("VK_LAUNCH_MAIL", 0xB4), ("VK_LAUNCH_MEDIA_SELECT", 0xB5),
            ("VK_LAUNCH_APP1", 0xB6), ("VK_LAUNCH_APP2", 0xB7), ("VK_OEM_1", 0xBA), ("VK_OEM_PLUS", 0xBB),
            ("VK_OEM_COMMA", 0xBC), ("VK_OEM_MINUS", 0xBD), ("VK_OEM_PERIOD", 0xBE), ("VK_OEM_2", 0xBF),
            ("VK_OEM_3", 0xC0), ("VK_ABNT_C1", 0xC1), ("VK_ABNT_C2", 0xC2), ("VK_OEM_4", 0xDB), ("VK_OEM_5", 0xDC),
            ("VK_OEM_6", 0xDD), ("VK_OEM_7", 0xDE), ("VK_OEM_8", 0xDF), ("VK_OEM_102", 0xE2),
            ("VK_PROCESSKEY", 0xE5), ("VK_PACKET", 0xE7), ("VK_ATTN", 0xF6), ("VK_CRSEL", 0xF7), ("VK_EXSEL", 0xF8),
            ("VK_EREOF", 0xF9), ("VK_PLAY", 0xFA), ("VK_ZOOM", 0xFB), ("VK_NONAME", 0xFC), ("VK_PA1", 0xFD),
            ("VK_OEM_CLEAR", 0xFE),
        };
        for (int i = 0; i <= 9; i++) list.Add(($"VK_{i}", 0x30 + i));
        for (char c = 'A'; c <= 'Z'; c++) list.Add(($"VK_{c}", c));
        for (int i = 0; i <= 9; i++) list.Add(($"VK_NUMPAD{i}", 0x60 + i));
        for (int i = 1; i <= 24; i++) list.Add(($"VK_F{i}", 0x6F + i));
        return [.. list];
    }
}
