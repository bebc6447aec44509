using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Access;

/// <summary>Keys, events and logs for the access tests.</summary>
internal static class AccessTestKit
{
    public const string Chain = "access";

    public static byte[] Key { get; } = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    public static RecordPseudonymizer Pseudonymizer { get; } = new(Key);

    public static FakeClock Clock() => new(Instant.FromUtc(2026, 3, 2, 8, 0), Duration.FromMilliseconds(1));

    public static GroupCommitAccessLog<HostDbContext> Log(IDbContextFactory<HostDbContext> factory, GroupCommitOptions? groupCommit = null, IClock? clock = null) =>
        new(factory, clock ?? Clock(), Options.Create(new ComplianceKitOptions()),
            Options.Create(new AccessAuditOptions { ChainId = Chain, PseudonymKey = Key }),
            Options.Create(groupCommit ?? new GroupCommitOptions()));

    public static AccessEvent Event(string reference, string user = "user-1", AccessOutcome outcome = AccessOutcome.Allowed,
        AccessAction action = AccessAction.View, Instant? occurredAt = null) => new()
        {
            UserId = user,
            Role = "nurse",
            RecordReference = reference,
            Action = action,
            PurposeOfUse = PurposeOfUse.Treatment,
            Outcome = outcome,
            Client = "ws-12",
            SessionId = "s-1",
            OccurredAt = occurredAt,
        };

    /// <summary>How many times each subject occurs in the access chain, and the chain's verification.</summary>
    public static async Task<(ComplianceKit.Ledger.ChainVerificationReport Report, Dictionary<string, int> Subjects)> ReadBackAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, Clock());
        var report = await ledger.VerifyAsync(Chain);
        var subjects = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var entry in ledger.ReadAsync(Chain))
        {
            subjects[entry.Subject] = subjects.GetValueOrDefault(entry.Subject) + 1;
        }

        return (report, subjects);
    }

    public static async Task<long> CountEntriesAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        return await context.Set<LedgerEntry>().LongCountAsync(e => e.ChainId == Chain);
    }
}
