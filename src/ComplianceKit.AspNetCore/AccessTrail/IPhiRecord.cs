namespace ComplianceKit.AspNetCore.AccessTrail;

/// <summary>
/// An entity that holds PHI. The access trail's EF Core interceptor notes every one the host's context reads, creates,
/// updates or deletes during a request, and the endpoint filter records those accesses before the response is written.
/// </summary>
public interface IPhiRecord
{
    /// <summary>The record's reference in one canonical form (<c>patient/48213</c>); it is pseudonymized, never stored in clear.</summary>
    string RecordReference { get; }
}
