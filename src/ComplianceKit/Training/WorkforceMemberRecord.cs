using NodaTime;

namespace ComplianceKit.Training;

/// <summary>A workforce member as the projection holds it (table <c>ck_workforce</c>), with their training assignments.</summary>
public sealed class WorkforceMemberRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The person's id.</summary>
    public required string PersonId { get; set; }

    /// <summary>The workforce category.</summary>
    public WorkforceCategory Category { get; set; }

    /// <summary>The role; <see langword="null"/> when only a training entry names the person.</summary>
    public string? Role { get; set; }

    /// <summary>When the person joined (or, when never registered, when a training entry first named them).</summary>
    public Instant JoinedAt { get; set; }

    /// <summary>When the person left, if they did.</summary>
    public Instant? LeftAt { get; set; }

    /// <summary>Whether a <c>workforce.joined</c> entry registered the person.</summary>
    public bool Registered { get; set; }

    /// <summary>The earliest completion of any assignment, or <see langword="null"/> when never trained.</summary>
    public Instant? FirstTrainingCompletedAt { get; set; }

    /// <summary>The sequence of the last membership entry applied.</summary>
    public long Sequence { get; set; }

    /// <summary>The person's assignments.</summary>
    public ICollection<TrainingRecord> Assignments { get; private set; } = [];

    /// <summary>A copy without assignments, for a snapshot the projector will not change later.</summary>
    internal WorkforceMemberRecord Copy()
    {
        var copy = (WorkforceMemberRecord)MemberwiseClone();
        copy.Assignments = [];
        return copy;
    }
}
