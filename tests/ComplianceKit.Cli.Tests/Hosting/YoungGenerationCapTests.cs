using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Cli.Tests.Hosting;

/// <summary>The bundle verifier's entry observer that bounds the young generation still tells the caller's observer about every entry.</summary>
public sealed class YoungGenerationCapTests
{
    private static byte[]? s_kept;

    private static LedgerEntry Entry(long sequence = 0) => new()
    {
        ChainId = "main", Sequence = sequence, EntryType = "test", Subject = "s", Actor = "a",
        OccurredAt = Instant.FromUnixTimeSeconds(0), RecordedAt = Instant.FromUnixTimeSeconds(0),
        PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
    };

    [Fact]
    public void Around_PassesEveryEntryOnInOrder()
    {
        var seen = new List<long>();
        var observe = YoungGenerationCap.Around(e => seen.Add(e.Sequence));

        for (var i = 0; i < (3 * YoungGenerationCap.CheckInterval) + 5; i++)
        {
            observe(Entry(i));
        }

        Assert.Equal(Enumerable.Range(0, (3 * YoungGenerationCap.CheckInterval) + 5).Select(i => (long)i), seen);
    }

    [Fact]
    public void Around_OverTheBudget_CollectsTheYoungGenerationAtTheNextCheck()
    {
        var observe = YoungGenerationCap.Around(null);
        var entry = Entry();
        var garbage = 0L;
        for (; garbage <= YoungGenerationCap.BudgetBytes; garbage += 64 * 1024)
        {
            s_kept = new byte[64 * 1024];
        }

        var before = GC.CollectionCount(0);
        for (var i = 0; i < YoungGenerationCap.CheckInterval; i++)
        {
            observe(entry);
        }

        Assert.True(GC.CollectionCount(0) > before, $"no young collection after {garbage} bytes allocated (the last {s_kept!.Length})");
    }
}
