namespace Vireo.GuestKit.Tests;

/// <summary>
/// One cloud-kit guest shared by the read-only checks in <see cref="CloudKitTests"/>: a virtio NIC
/// (user networking with restrict=on, so nothing leaves QEMU), a virtio-serial port for the guest
/// agent, and the kit's kernel parameters.
/// </summary>
public sealed class CloudGuestFixture : IAsyncLifetime
{
    public const string GuestAddress = "10.77.0.5/24";

    public GuestKit Kit { get; private set; } = null!;

    public QemuGuest Guest { get; private set; } = null!;

    public double UptimeAtMarker { get; private set; }

    public string QgaSocket => Path.Combine(Guest.Directory, "qga.sock");

    public async ValueTask InitializeAsync()
    {
        Kit = GuestKit.Load("cloud");
        Guest = await QemuGuest.StartAsync(
            Kit,
            $"vireo.ip={GuestAddress} vireo.sysrq=1",
            [
                "-netdev", "user,id=n0,restrict=on",
                "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:77:00:05",
                "-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=qga0,path={dir}/qga.sock,server=on,wait=off",
                "-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0,id=qgaport0",
                "-device", "virtio-balloon-pci,id=balloon0",
            ],
            TestContext.Current.CancellationToken);
        UptimeAtMarker = await Guest.WaitUntilReadyAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Guest.DisposeAsync();
}
