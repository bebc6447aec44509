namespace ComplianceKit.Cli.Reports;

/// <summary>One row of a report section: the latest fact recorded about a subject.</summary>
internal sealed record ReportFact(long Sequence, string EntryType, string Subject, string Actor, string OccurredAt, string Summary);
