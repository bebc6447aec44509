using ComplianceKit.Access;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>The group-commit workload: per caller, its own run of PHI access events (a nurse viewing distinct records).</summary>
internal static class CallerEvents
{
    /// <summary><paramref name="callers"/> arrays of <paramref name="eventsPerCaller"/> events each.</summary>
    public static AccessEvent[][] Create(int callers, int eventsPerCaller) =>
        [.. Enumerable.Range(0, callers).Select(c => Enumerable.Range(0, eventsPerCaller).Select(i => new AccessEvent
        {
            UserId = $"staff:{c % 97}",
            Role = "nurse",
            RecordReference = $"patient/{c}-{i}",
            Action = AccessAction.View,
            PurposeOfUse = PurposeOfUse.Treatment,
            Outcome = AccessOutcome.Allowed,
            Client = $"10.0.{c}.7",
            SessionId = $"s-{c}",
        }).ToArray())];
}
