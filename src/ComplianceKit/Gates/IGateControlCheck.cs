using NodaTime;

namespace ComplianceKit.Gates;

/// <summary>Tells a gate whether a required control has current evidence at an instant.</summary>
public interface IGateControlCheck
{
    /// <summary>Returns <see langword="null"/> when the control has current evidence at <paramref name="at"/>, else why not.</summary>
    ValueTask<string?> CheckAsync(string controlId, Instant at, CancellationToken cancellationToken);
}
