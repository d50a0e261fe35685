namespace Vireo.Core.Domain;

/// <summary>
/// &lt;iothread id thread_pool_min thread_pool_max/&gt; of &lt;iothreadids&gt;: an IOThread and the bounds of its
/// worker-thread pool (QEMU's thread-pool-min/thread-pool-max; null: QEMU's default, which libvirt stores as -1).
/// </summary>
public sealed record IoThreadIdDef(uint Id, int? ThreadPoolMin = null, int? ThreadPoolMax = null);
