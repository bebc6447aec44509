using NodaTime;

namespace ComplianceKit.Training;

/// <summary>A training assignment as the projection holds it (table <c>ck_training</c>): the assignment, its latest completion and any waiver.</summary>
public sealed class TrainingRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The assignment's id.</summary>
    public required string AssignmentId { get; set; }

    /// <summary>The person.</summary>
    public required string PersonId { get; set; }

    /// <summary>The course.</summary>
    public required string CourseId { get; set; }

    /// <summary>The course content's version.</summary>
    public required string ContentVersion { get; set; }

    /// <summary>SHA-256 of the course content.</summary>
    public required string ContentSha256 { get; set; }

    /// <summary>The security awareness topics covered.</summary>
    public IReadOnlyList<TrainingTopic> Topics { get; set; } = [];

    /// <summary>When it was assigned.</summary>
    public Instant AssignedAt { get; set; }

    /// <summary>When it is due.</summary>
    public Instant DueAt { get; set; }

    /// <summary>Days a completion stays valid.</summary>
    public int? RecurrenceDays { get; set; }

    /// <summary>The first completion.</summary>
    public Instant? FirstCompletedAt { get; set; }

    /// <summary>The latest completion.</summary>
    public Instant? CompletedAt { get; set; }

    /// <summary>The latest completion's score.</summary>
    public double? Score { get; set; }

    /// <summary>When the latest completion stops counting.</summary>
    public Instant? ExpiresAt { get; set; }

    /// <summary>When a waiver was granted.</summary>
    public Instant? WaivedAt { get; set; }

    /// <summary>When the waiver ends.</summary>
    public Instant? WaivedUntil { get; set; }

    /// <summary>Who approved the waiver.</summary>
    public string? WaiverApprovedBy { get; set; }

    /// <summary>Why it was waived.</summary>
    public string? WaiverReason { get; set; }

    /// <summary>The sequence of the last entry applied to the row.</summary>
    public long Sequence { get; set; }

    /// <summary>The person.</summary>
    public WorkforceMemberRecord? Member { get; set; }

    /// <summary>A copy without its member link, for a snapshot the projector will not change later.</summary>
    internal TrainingRecord Copy()
    {
        var copy = (TrainingRecord)MemberwiseClone();
        copy.Member = null;
        return copy;
    }
}
