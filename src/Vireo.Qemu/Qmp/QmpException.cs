using Vireo.Core.Errors;

namespace Vireo.Qemu.Qmp;

/// <summary>QEMU refused a command: carries its error class and description.</summary>
public sealed class QmpException : Exception
{
    public QmpException(string command, string errorClass, string description)
        : base($"QEMU refused '{command}': {description} ({errorClass}).")
    {
        Command = command;
        ErrorClass = errorClass;
        Description = description;
    }

    public string Command { get; }

    /// <summary>e.g. GenericError, CommandNotFound, DeviceNotFound, DeviceNotActive, KVMMissingCap.</summary>
    public string ErrorClass { get; }

    /// <summary>QEMU's own sentence.</summary>
    public string Description { get; }

    /// <summary>The refusal as libvirt's monitor code reports it to clients (internal error, QEMU driver).</summary>
    public VirException AsLibvirtError() =>
        VirErrors.Internal($"unable to execute QEMU command '{Command}': {Description}", VirErrorDomain.Qemu);
}

/// <summary>
/// The monitor connection ended (QEMU exited or was killed: SIGKILL gives only EOF) or broke.
/// Every command still waiting fails with this.
/// </summary>
public sealed class QmpClosedException : IOException
{
    public QmpClosedException(string message, Exception? inner = null) : base(message, inner) { }
}
