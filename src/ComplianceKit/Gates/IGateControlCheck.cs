using ComplianceKit.Administration;
using NodaTime;

namespace ComplianceKit.Gates;

/// <summary>Tells a gate whether a required control has current evidence at an instant.</summary>
public interface IGateControlCheck
{
    /// <summary>Returns <see langword="null"/> when the control has current evidence at <paramref name="at"/>, else why not.</summary>
    ValueTask<string?> CheckAsync(string controlId, Instant at, CancellationToken cancellationToken);

    /// <summary>
    /// Returns <see langword="null"/> when the programme records satisfy a control bound to them at <paramref name="at"/>, else why not.
    /// The default has no records to read and always answers why; the readiness check reads them.
    /// </summary>
    ValueTask<string?> CheckRequirementAsync(GateRequirement requirement, Instant at, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>("no programme record source is configured for this gate");
}
