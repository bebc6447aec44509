namespace ComplianceKit.Anchoring;

/// <summary>A sink refused or could not store a checkpoint; the publisher keeps it pending and retries.</summary>
public sealed class CheckpointSinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointSinkException()
    {
    }

    /// <summary>Creates the exception with a message naming the sink and the checkpoint.</summary>
    public CheckpointSinkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure underneath.</summary>
    public CheckpointSinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the sink holds another checkpoint of the same origin and size: a fork, which retrying cannot fix.</summary>
    public bool IsConflict { get; init; }
}
