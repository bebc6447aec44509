using ComplianceKit.Ledger;
using ComplianceKit.Telemetry;
using Microsoft.Extensions.Logging;

namespace ComplianceKit.EntityFrameworkCore.Telemetry;

/// <summary>The store's log messages (ids in <see cref="ComplianceKitEventIds"/>): chain ids, counts, sequences and statuses, never data.</summary>
internal static partial class StoreLog
{
    /// <summary>Logs a verification's outcome: debug when it verifies, a warning naming the first failing sequence when not.</summary>
    public static void Verified(ILogger logger, ChainVerificationReport report)
    {
        if (report.IsValid)
        {
            ChainVerified(logger, report.ChainId, report.EntriesRead, report.Status);
        }
        else
        {
            ChainVerificationFailed(logger, report.ChainId, report.Status, report.TotalFailures, report.FirstFailure?.Sequence);
        }
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.ChainVerified, Level = LogLevel.Debug,
        Message = "Chain '{ChainId}' verified: {Entries} entries, status {Status}.")]
    private static partial void ChainVerified(ILogger logger, string chainId, long entries, VerificationStatus status);

    [LoggerMessage(EventId = ComplianceKitEventIds.ChainVerificationFailed, Level = LogLevel.Warning,
        Message = "Chain '{ChainId}' does not verify: status {Status}, {Failures} failures, the first at sequence {FirstSequence}.")]
    private static partial void ChainVerificationFailed(ILogger logger, string chainId, VerificationStatus status, long failures, long? firstSequence);

    [LoggerMessage(EventId = ComplianceKitEventIds.RetentionApplied, Level = LogLevel.Information,
        Message = "Retention applied to chain '{ChainId}': {Purged} payloads purged in {Batches} batches, {Skipped} skipped.")]
    public static partial void RetentionApplied(ILogger logger, string chainId, long purged, int batches, int skipped);

    [LoggerMessage(EventId = ComplianceKitEventIds.RetentionFailed, Level = LogLevel.Error,
        Message = "Retention on chain '{ChainId}' failed after {Batches} committed batches ({Purged} payloads purged); the rest of the plan was not applied.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception, string chainId, int batches, long purged);
}
