using ComplianceKit.Retention;
using NodaTime;

namespace ComplianceKit.Tests.Retention;

public sealed class RetentionCalendarTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Auckland = DateTimeZoneProviders.Tzdb["Pacific/Auckland"];

    [Theory]
    [InlineData("2020-03-10", "P6Y", "2026-03-10")]
    [InlineData("2024-02-29", "P6Y", "2030-03-01")] // no 29 February in 2030: forward, never back
    [InlineData("2024-02-29", "P4Y", "2028-02-29")]
    [InlineData("2025-01-31", "P1M", "2025-03-01")]
    [InlineData("2024-01-31", "P1M", "2024-03-01")]
    [InlineData("2024-02-29", "P1Y1M", "2025-03-29")] // years and months count together, as 13 months
    [InlineData("2020-12-31", "P2W3D", "2021-01-17")]
    [InlineData("2019-06-30", "P72M", "2025-06-30")]
    public void ExpiresOn_AddsThePeriodWithoutEverShorteningIt(string basis, string period, string expected)
    {
        var result = RetentionCalendar.ExpiresOn(Date(basis), Period(period));

        Assert.Equal(Date(expected), result);
    }

    [Fact]
    public void ExpiresAt_PeriodCrossesDaylightSaving_IsLocalMidnightAtTheSummerOffset()
    {
        var recorded = Instant.FromUtc(2020, 1, 15, 17, 0); // 12:00 EST (UTC-5)

        var expires = RetentionCalendar.ExpiresAt(recorded, NodaTime.Period.FromMonths(6), NewYork);

        Assert.Equal(Instant.FromUtc(2020, 7, 15, 4, 0), expires); // 00:00 EDT (UTC-4)
    }

    [Fact]
    public void ExpiresAt_InstantJustBeforeLocalMidnight_CountsFromTheLocalDate()
    {
        var recorded = Instant.FromUtc(2020, 3, 1, 4, 30); // 29 February 2020, 23:30 in New York

        var expires = RetentionCalendar.ExpiresAt(recorded, NodaTime.Period.FromYears(6), NewYork);

        Assert.Equal(new LocalDate(2026, 3, 1), RetentionCalendar.ExpiresOn(new LocalDate(2020, 2, 29), NodaTime.Period.FromYears(6)));
        Assert.Equal(Instant.FromUtc(2026, 3, 1, 5, 0), expires);
    }

    [Fact]
    public void ExpiresAt_SameInstantInTwoZones_CountsFromEachZonesDate()
    {
        var recorded = Instant.FromUtc(2019, 12, 31, 23, 30); // already 1 January 2020 in Auckland

        var inAuckland = RetentionCalendar.ExpiresAt(recorded, NodaTime.Period.FromYears(1), Auckland);
        var inNewYork = RetentionCalendar.ExpiresAt(recorded, NodaTime.Period.FromYears(1), NewYork);

        Assert.Equal(Instant.FromUtc(2020, 12, 31, 11, 0), inAuckland); // 1 January 2021, 00:00 NZDT (UTC+13)
        Assert.Equal(Instant.FromUtc(2020, 12, 31, 5, 0), inNewYork); // 31 December 2020, 00:00 EST
    }

    [Fact]
    public void ExpiresAt_ExpiryDayBeginsAfterADaylightSavingGapAtMidnight_IsTheFirstInstantOfThatDay()
    {
        // Brazil moved clocks from 00:00 to 01:00 on 4 November 2018: that day began at 01:00 (UTC-2).
        var saoPaulo = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"];
        var recorded = Instant.FromUtc(2012, 11, 4, 15, 0);

        var expires = RetentionCalendar.ExpiresAt(recorded, NodaTime.Period.FromYears(6), saoPaulo);

        Assert.Equal(Instant.FromUtc(2018, 11, 4, 3, 0), expires);
    }

    [Theory]
    [InlineData("P72M", "P6Y", false)]
    [InlineData("P6Y", "P6Y", false)]
    [InlineData("P7Y", "P6Y", false)]
    [InlineData("P5Y11M", "P6Y", true)]
    [InlineData("P2191D", "P6Y", true)] // six years hold 2,192 days when they span two leap days
    [InlineData("P2192D", "P6Y", false)]
    [InlineData("P6Y", "P2191D", true)] // six years across 2100 hold only 2,190 days
    [InlineData("P312W", "P6Y", true)]
    public void IsShorter_ComparesOverLeapAndCenturyYears(string period, string minimum, bool expected)
    {
        Assert.Equal(expected, RetentionCalendar.IsShorter(Period(period), Period(minimum)));
    }

    [Theory]
    [InlineData("PT6H")]
    [InlineData("P0D")]
    [InlineData("P-1Y")]
    public void EnsureValid_TimeZeroOrNegativePeriods_AreRefused(string period)
    {
        Assert.Throws<ArgumentException>(() => RetentionCalendar.EnsureValid(Period(period), "period"));
    }

    private static LocalDate Date(string text) => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;

    private static Period Period(string text) => NodaTime.Text.PeriodPattern.Roundtrip.Parse(text).Value;
}
