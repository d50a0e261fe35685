using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Sound cards ("soundN", HDA codecs "soundN-codecM") and their audio backends ("audioN" from
/// &lt;audio id='N'&gt;). Without an &lt;audio&gt; element a card plays into '-audiodev none,id=audio1', as
/// libvirt does, so QEMU never tries the host's sound system.
/// </summary>
internal static class SoundArgs
{
    public static void Reserve(BuildSession s)
    {
        foreach (var sound in s.Def.Devices.Sounds.Where(IsPci))
            s.Pci.ReserveExplicit(sound.Address, Describe(sound));
    }

    public static void EmitAudiodevs(BuildSession s)
    {
        var audios = s.Def.Devices.Audios;
        if (audios.Count == 0)
        {
            if (s.Def.Devices.Sounds.Count == 0) return;
            s.Add("-audiodev", new QemuProps("none").Add("id", "audio1"));
            s.DefaultAudioDev = "audio1";
            return;
        }
        foreach (var audio in audios)
        {
            if (audio.Type == AudioType.Spice && !s.Def.Devices.Graphics.Any(g => g.Type == GraphicsType.Spice))
                throw s.Unsupported($"<audio id='{audio.Id}' type='spice'> of {s.Owner} needs <graphics type='spice'>");
            s.Add("-audiodev", new QemuProps(audio.Type == AudioType.Spice ? "spice" : "none").Add("id", $"audio{audio.Id}"));
        }
        s.DefaultAudioDev = $"audio{audios[0].Id}";
    }

    /// <summary>The audiodev a card uses: its &lt;audio id&gt;, else the first (or the implicit audio1).</summary>
    public static string AudioDevOf(BuildSession s, SoundDef sound)
    {
        var audios = s.Def.Devices.Audios;
        if (sound.AudioId is { } id)
        {
            if (!audios.Any(a => a.Id == id))
                throw s.Unsupported($"{Describe(sound)} of {s.Owner} refers to <audio id='{id}'>, which does not exist");
            return $"audio{id}";
        }
        return audios.Count > 0 ? $"audio{audios[0].Id}" : "audio1";
    }

    public static void Emit(BuildSession s)
    {
        var sounds = s.Def.Devices.Sounds;
        for (int i = 0; i < sounds.Count; i++)
        {
            var sound = sounds[i];
            var what = Describe(sound);
            var id = DeviceAliases.Sound(sound, i);
            var audiodev = AudioDevOf(s, sound);
            if (sound.Codecs.Count > 0 && sound.Model is not (SoundModel.Ich6 or SoundModel.Ich9))
                throw s.Unsupported($"{what} of {s.Owner} has <codec> elements, which only HDA cards (ich6, ich9) take");
            switch (sound.Model)
            {
                case SoundModel.Pcspk:
                    continue; // -machine pcspk-audiodev=
                case SoundModel.Ich6 or SoundModel.Ich9:
                    var hda = sound.Model == SoundModel.Ich6 ? "intel-hda" : "ich9-intel-hda";
                    var props = new QemuProps(hda).Add("id", id);
                    s.Pci.Place(props, sound.Address, id, what);
                    s.Device(hda, props, what);
                    var codecs = sound.Codecs.Count > 0 ? sound.Codecs : [SoundCodec.Duplex];
                    for (int c = 0; c < codecs.Count; c++)
                    {
                        var codec = codecs[c] switch { SoundCodec.Micro => "hda-micro", SoundCodec.Output => "hda-output", _ => "hda-duplex" };
                        s.Device(codec, new QemuProps(codec).Add("id", $"{id}-codec{c}").Add("bus", $"{id}.0").Add("cad", c).Add("audiodev", audiodev), what);
                    }
                    break;
                case SoundModel.Ac97 or SoundModel.Es1370:
                    var pciDriver = sound.Model == SoundModel.Ac97 ? "AC97" : "ES1370";
                    var pciProps = new QemuProps(pciDriver).Add("id", id).Add("audiodev", audiodev);
                    s.Pci.Place(pciProps, sound.Address, id, what);
                    s.Device(pciDriver, pciProps, what);
                    break;
                case SoundModel.Sb16:
                    s.Device("sb16", new QemuProps("sb16").Add("id", id).Add("audiodev", audiodev), what);
                    break;
                case SoundModel.Usb:
                    s.Device("usb-audio", new QemuProps("usb-audio").Add("id", id).Add("audiodev", audiodev)
                        .Add("bus", s.Controllers.UsbBus(sound.Address, what)), what);
                    break;
            }
        }
    }

    private static bool IsPci(SoundDef sound) => sound.Model is SoundModel.Ich6 or SoundModel.Ich9 or SoundModel.Ac97 or SoundModel.Es1370;

    private static string Describe(SoundDef sound) => $"<sound model='{sound.Model.ToString().ToLowerInvariant()}'>";
}
