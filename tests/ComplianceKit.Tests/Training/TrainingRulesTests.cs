using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Tests.Training;

public class TrainingRulesTests
{
    private static readonly Duration Window = Duration.FromDays(30);

    private static Instant Day(int year, int month, int day) => Instant.FromUtc(year, month, day, 0, 0);

    [Fact]
    public void StatusAt_AssignmentThroughItsLife_NotDueOverdueCurrentExpiringExpired()
    {
        var record = Assignment();
        record.CompletedAt = record.FirstCompletedAt = Day(2026, 2, 10);
        record.ExpiresAt = Day(2027, 2, 10);

        TrainingStatus[] statuses = [.. new[] { Day(2026, 1, 15), Day(2026, 2, 5), Day(2026, 6, 1), Day(2027, 1, 20), Day(2027, 2, 10) }
            .Select(at => TrainingRules.StatusAt(record, at, Window))];

        Assert.Equal([TrainingStatus.NotDue, TrainingStatus.Overdue, TrainingStatus.Current, TrainingStatus.Expiring, TrainingStatus.Expired], statuses);
        Assert.True(TrainingRules.Blocks(statuses[1]));
        Assert.True(TrainingRules.Blocks(statuses[4]));
        Assert.False(TrainingRules.Blocks(statuses[3]));
    }

    [Fact]
    public void StatusAt_WaivedForAPeriod_WaivedThenOverdueAgain()
    {
        var record = Assignment();
        record.WaivedAt = Day(2026, 1, 20);
        record.WaivedUntil = Day(2026, 4, 1);

        Assert.Equal(TrainingStatus.Waived, TrainingRules.StatusAt(record, Day(2026, 3, 1), Window));
        Assert.Equal(TrainingStatus.Overdue, TrainingRules.StatusAt(record, Day(2026, 4, 1), Window));
    }

    [Fact]
    public void Expressions_AgreeWithStatusAtOnEveryDay()
    {
        var completed = Assignment();
        completed.CompletedAt = Day(2026, 2, 10);
        completed.ExpiresAt = Day(2026, 8, 10);
        var waived = Assignment();
        waived.WaivedAt = Day(2026, 1, 20);
        waived.WaivedUntil = Day(2026, 5, 1);
        TrainingRecord[] records = [Assignment(), completed, waived];

        foreach (var at in Enumerable.Range(0, 300).Select(d => Day(2025, 12, 1) + Duration.FromDays(d)))
        {
            var overdue = TrainingRules.OverdueAt(at).Compile();
            var expired = TrainingRules.ExpiredAt(at).Compile();
            foreach (var record in records)
            {
                var status = TrainingRules.StatusAt(record, at, Window);
                Assert.Equal(status == TrainingStatus.Overdue, overdue(record));
                Assert.Equal(status == TrainingStatus.Expired, expired(record));
            }
        }
    }

    private static TrainingRecord Assignment() => new()
    {
        ChainId = "c", AssignmentId = "a", PersonId = "p", CourseId = "hipaa", ContentVersion = "1", ContentSha256 = new string('d', 64),
        AssignedAt = Day(2026, 1, 2), DueAt = Day(2026, 2, 1), RecurrenceDays = 365,
    };
}
