namespace ComplianceKit.CheckpointKeys;

/// <summary>A key rotation was refused before anything was written: the chain of keys would ignore it (the message names why).</summary>
public sealed class CheckpointKeyRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointKeyRefusedException()
    {
    }

    /// <summary>Creates the exception with a message naming the reason.</summary>
    public CheckpointKeyRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public CheckpointKeyRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
