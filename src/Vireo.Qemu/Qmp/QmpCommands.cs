using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>
/// Builders for the commands the drivers use, with QEMU's argument names (qapi schema, QEMU 7.2).
/// Pure: each returns a <see cref="QmpCommand"/>; golden tests pin the JSON.
/// </summary>
public static class QmpCommands
{
    private static QmpCommand Cmd(string name, JsonObject? args = null) => new(name, args);

    /// <summary>Leaves capabilities negotiation mode; required once per connection before anything else.</summary>
    public static QmpCommand Capabilities() => Cmd("qmp_capabilities");

    public static QmpCommand QueryStatus() => Cmd("query-status");
    public static QmpCommand Cont() => Cmd("cont");
    public static QmpCommand Stop() => Cmd("stop");

    /// <summary>ACPI power button; the guest decides (may be lost in early boot: retry, then quit).</summary>
    public static QmpCommand SystemPowerdown() => Cmd("system_powerdown");
    public static QmpCommand SystemReset() => Cmd("system_reset");
    public static QmpCommand Quit() => Cmd("quit");
    public static QmpCommand QueryCpusFast() => Cmd("query-cpus-fast");
    public static QmpCommand QueryBlock() => Cmd("query-block");
    public static QmpCommand QueryBlockStats() => Cmd("query-blockstats");
    public static QmpCommand QueryBalloon() => Cmd("query-balloon");

    /// <summary>Sets the balloon target (guest memory size) in bytes.</summary>
    public static QmpCommand Balloon(long bytes) => Cmd("balloon", new() { ["value"] = bytes });

    public static QmpCommand QomGet(string path, string property) =>
        Cmd("qom-get", new() { ["path"] = path, ["property"] = property });

    public static QmpCommand QomSet(string path, string property, JsonNode? value) =>
        Cmd("qom-set", new() { ["path"] = path, ["property"] = property, ["value"] = value });

    /// <summary>How often the balloon driver refreshes guest-stats (libvirt's dommemstat --period).</summary>
    public static QmpCommand SetBalloonStatsPeriod(string balloonQomPath, int seconds) =>
        QomSet(balloonQomPath, "guest-stats-polling-interval", seconds);

    public static QmpCommand GetBalloonStats(string balloonQomPath) => QomGet(balloonQomPath, "guest-stats");

    public static QmpCommand InjectNmi() => Cmd("inject-nmi");

    /// <summary>Presses the keys together (QEMU qcodes such as "ctrl", "alt", "delete", "sysrq", "h").</summary>
    public static QmpCommand SendKey(IEnumerable<string> qcodes, int? holdTimeMs = null)
    {
        var keys = new JsonArray();
        foreach (string q in qcodes)
            keys.Add((JsonNode)new JsonObject { ["type"] = "qcode", ["data"] = q });
        var args = new JsonObject { ["keys"] = keys };
        if (holdTimeMs is { } hold)
            args["hold-time"] = hold;
        return Cmd("send-key", args);
    }

    /// <summary>Runs the actions atomically (all disks' snapshots at one crash-consistent point).</summary>
    public static QmpCommand Transaction(IEnumerable<JsonObject> actions)
    {
        var list = new JsonArray();
        foreach (var a in actions)
            list.Add((JsonNode)a);
        return Cmd("transaction", new() { ["actions"] = list });
    }

    /// <summary>Transaction action: QEMU creates the overlay file and switches the node to it.</summary>
    public static JsonObject SnapshotSyncAction(string nodeName, string snapshotFile, string snapshotNodeName, string format = "qcow2") =>
        new()
        {
            ["type"] = "blockdev-snapshot-sync",
            ["data"] = new JsonObject
            {
                ["node-name"] = nodeName, ["snapshot-file"] = snapshotFile,
                ["snapshot-node-name"] = snapshotNodeName, ["format"] = format,
            },
        };

    /// <summary>
    /// Transaction action: a backup job copying <paramref name="device"/> as it is at the transaction's instant into
    /// <paramref name="target"/> (a node added with blockdev-add); sync "full" copies every allocated cluster,
    /// "incremental" only those <paramref name="bitmap"/> (a bitmap of <paramref name="device"/>) marks dirty.
    /// </summary>
    public static JsonObject BlockdevBackupAction(string jobId, string device, string target, string sync = "full", string? bitmap = null)
    {
        var data = new JsonObject { ["job-id"] = jobId, ["device"] = device, ["target"] = target, ["sync"] = sync };
        if (bitmap is not null) data["bitmap"] = bitmap;
        return new() { ["type"] = "blockdev-backup", ["data"] = data };
    }

    /// <summary>Transaction action: put an overlay node (already added with blockdev-add) on top of a node.</summary>
    public static JsonObject SnapshotAction(string node, string overlay) =>
        new() { ["type"] = "blockdev-snapshot", ["data"] = new JsonObject { ["node"] = node, ["overlay"] = overlay } };

    /// <summary>Adds a block node; the options are the blockdev tree (driver, node-name, file...).</summary>
    public static QmpCommand BlockdevAdd(JsonObject options) => Cmd("blockdev-add", options);

    /// <summary>A qcow2 overlay node over a file, with no backing opened yet (for blockdev-snapshot).</summary>
    public static QmpCommand BlockdevAddQcow2Overlay(string nodeName, string fileName) =>
        BlockdevAdd(new()
        {
            ["driver"] = "qcow2", ["node-name"] = nodeName,
            ["file"] = new JsonObject { ["driver"] = "file", ["filename"] = fileName },
            ["backing"] = null,
        });

    /// <summary>
    /// A block copy's destination: a qcow2 or raw format node over a file (or host block device) opened in
    /// the same command. <paramref name="backingNode"/> is the source's backing for a shallow copy; a qcow2
    /// node of a full copy gets none (the mirror writes every cluster).
    /// </summary>
    public static QmpCommand BlockdevAddCopyTarget(string nodeName, string path, bool blockDevice, bool qcow2, string? backingNode)
    {
        var node = new JsonObject
        {
            ["driver"] = qcow2 ? "qcow2" : "raw", ["node-name"] = nodeName,
            ["file"] = new JsonObject { ["driver"] = blockDevice ? "host_device" : "file", ["filename"] = path },
        };
        if (qcow2) node["backing"] = backingNode;
        return BlockdevAdd(node);
    }

    /// <summary>
    /// Mirrors <paramref name="device"/> into <paramref name="target"/> (blockcopy): "full" copies the whole chain,
    /// "top" only the active layer (the target then shares the source's backing). Sizes 0 mean QEMU's defaults.
    /// </summary>
    public static QmpCommand BlockdevMirror(string jobId, string device, string target, bool topOnly, long? speed = null,
        uint granularity = 0, ulong bufSize = 0, bool writeBlocking = false)
    {
        var args = new JsonObject { ["job-id"] = jobId, ["device"] = device, ["target"] = target, ["sync"] = topOnly ? "top" : "full" };
        if (speed is { } s) args["speed"] = s;
        if (granularity != 0) args["granularity"] = granularity;
        if (bufSize != 0) args["buf-size"] = bufSize;
        if (writeBlocking) args["copy-mode"] = "write-blocking";
        return Cmd("blockdev-mirror", args);
    }

    public static QmpCommand BlockdevDel(string nodeName) => Cmd("blockdev-del", new() { ["node-name"] = nodeName });

    /// <summary>Merges the layers above <paramref name="baseNode"/> (up to <paramref name="topNode"/>, or the active layer) down into it.</summary>
    public static QmpCommand BlockCommit(string jobId, string device, string? baseNode = null, string? topNode = null,
        long? speed = null, bool? autoFinalize = null, bool? autoDismiss = null)
    {
        var args = new JsonObject { ["job-id"] = jobId, ["device"] = device };
        AddIf(args, "base-node", baseNode);
        AddIf(args, "top-node", topNode);
        if (speed is { } s) args["speed"] = s;
        if (autoFinalize is { } f) args["auto-finalize"] = f;
        if (autoDismiss is { } d) args["auto-dismiss"] = d;
        return Cmd("block-commit", args);
    }

    /// <summary>Copies the backing layers above <paramref name="baseNode"/> into the device's top image (blockpull).</summary>
    public static QmpCommand BlockStream(string jobId, string device, string? baseNode = null, long? speed = null)
    {
        var args = new JsonObject { ["job-id"] = jobId, ["device"] = device };
        AddIf(args, "base-node", baseNode);
        if (speed is { } s) args["speed"] = s;
        return Cmd("block-stream", args);
    }

    /// <summary>Grows (or shrinks) the image of a format node to <paramref name="size"/> bytes; the guest sees the new capacity.</summary>
    public static QmpCommand BlockResize(string nodeName, ulong size) => Cmd("block_resize", new() { ["node-name"] = nodeName, ["size"] = size });

    public static QmpCommand BlockJobComplete(string device) => Cmd("block-job-complete", new() { ["device"] = device });

    public static QmpCommand BlockJobCancel(string device, bool? force = null)
    {
        var args = new JsonObject { ["device"] = device };
        if (force is { } f) args["force"] = f;
        return Cmd("block-job-cancel", args);
    }

    public static QmpCommand QueryBlockJobs() => Cmd("query-block-jobs");

    /// <summary>flat: list each node once instead of nesting backing images.</summary>
    public static QmpCommand QueryNamedBlockNodes(bool flat = true) => Cmd("query-named-block-nodes", new() { ["flat"] = flat });

    /// <summary>Hot-plugs a device: driver and id plus the device's properties (bus, addr, drive, netdev, mac...).</summary>
    public static QmpCommand DeviceAdd(string driver, string id, IEnumerable<KeyValuePair<string, JsonNode?>>? properties = null)
    {
        var args = new JsonObject { ["driver"] = driver, ["id"] = id };
        foreach (var (k, v) in properties ?? [])
            args[k] = v;
        return Cmd("device_add", args);
    }

    /// <summary>Asks the guest to release a device; completion is the DEVICE_DELETED event.</summary>
    public static QmpCommand DeviceDel(string id) => Cmd("device_del", new() { ["id"] = id });

    /// <summary>Adds a network backend (type "tap" with fd/fds from getfd, "user", "bridge"...).</summary>
    public static QmpCommand NetdevAdd(string type, string id, IEnumerable<KeyValuePair<string, JsonNode?>>? properties = null)
    {
        var args = new JsonObject { ["type"] = type, ["id"] = id };
        foreach (var (k, v) in properties ?? [])
            args[k] = v;
        return Cmd("netdev_add", args);
    }

    public static QmpCommand NetdevDel(string id) => Cmd("netdev_del", new() { ["id"] = id });

    /// <summary>Names the descriptor sent with this command (SCM_RIGHTS) for later use as fd=NAME.</summary>
    public static QmpCommand GetFd(string fdName) => Cmd("getfd", new() { ["fdname"] = fdName });

    public static QmpCommand CloseFd(string fdName) => Cmd("closefd", new() { ["fdname"] = fdName });

    /// <summary>Adds the descriptor sent with this command to an fd set (/dev/fdset/N paths).</summary>
    public static QmpCommand AddFd(long? fdsetId = null, string? opaque = null)
    {
        JsonObject? args = null;
        if (fdsetId != null || opaque != null)
        {
            args = [];
            if (fdsetId is { } id) args["fdset-id"] = id;
            AddIf(args, "opaque", opaque);
        }
        return Cmd("add-fd", args);
    }

    public static QmpCommand RemoveFd(long fdsetId, long? fd = null)
    {
        var args = new JsonObject { ["fdset-id"] = fdsetId };
        if (fd is { } f) args["fd"] = f;
        return Cmd("remove-fd", args);
    }

    public static QmpCommand QueryVnc() => Cmd("query-vnc");
    public static QmpCommand QuerySpice() => Cmd("query-spice");

    /// <summary>protocol "vnc" or "spice"; connected: "keep", "disconnect" or "fail" (spice only).</summary>
    public static QmpCommand SetPassword(string protocol, string password, string? connected = null)
    {
        var args = new JsonObject { ["protocol"] = protocol, ["password"] = password };
        AddIf(args, "connected", connected);
        return Cmd("set_password", args);
    }

    /// <summary>time: "now", "never", "+SECONDS" or an absolute UNIX time in seconds.</summary>
    public static QmpCommand ExpirePassword(string protocol, string time) =>
        Cmd("expire_password", new() { ["protocol"] = protocol, ["time"] = time });

    /// <summary>Writes the display to a file: format "ppm" (QEMU's default) or "png".</summary>
    public static QmpCommand Screendump(string filename, string? format = null, string? device = null, int? head = null)
    {
        var args = new JsonObject { ["filename"] = filename };
        AddIf(args, "device", device);
        if (head is { } h) args["head"] = h;
        AddIf(args, "format", format);
        return Cmd("screendump", args);
    }

    /// <summary>Link state of a NIC's backend or front end (the -netdev / -device id).</summary>
    public static QmpCommand SetLink(string name, bool up) => Cmd("set_link", new() { ["name"] = name, ["up"] = up });

    public static QmpCommand QueryMemdev() => Cmd("query-memdev");

    /// <summary>Runs an HMP command line (libvirt's qemu-monitor-command --hmp); returns its text.</summary>
    public static QmpCommand HumanMonitorCommand(string commandLine) =>
        Cmd("human-monitor-command", new() { ["command-line"] = commandLine });

    private static void AddIf(JsonObject args, string key, string? value)
    {
        if (value != null)
            args[key] = value;
    }
}
