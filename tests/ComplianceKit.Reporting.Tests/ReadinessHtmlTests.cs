using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Readiness;
using NodaTime;

namespace ComplianceKit.Reporting.Tests;

/// <summary>The one readiness renderer: it shows what the report holds and nothing it was not given; entry text never becomes markup.</summary>
public sealed class ReadinessHtmlTests
{
    private const string Hostile = "<script>alert(1)</script>\"'&";
    private static readonly Instant At = Instant.FromUtc(2026, 12, 1, 9, 0);

    [Fact]
    public void Gate_BlockedWithHostileText_EncodesEveryPieceAndNamesEachBlocker()
    {
        var report = Report(blockers: [new ReadinessBlocker(ReadinessBlockerKind.AgreementMissing, $"vendor:{Hostile}", $"{Hostile} handles PHI without a BAA.")]);

        var html = ReadinessHtml.Gate(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data-status=\"blocked\">BLOCKED</span>", html, StringComparison.Ordinal);
        Assert.Contains("<li data-kind=\"AgreementMissing\"><span class=\"bad\">No BAA</span> <code>vendor:&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</code>: ", html, StringComparison.Ordinal);
        Assert.Contains("data-blockers=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{System.Net.WebUtility.HtmlEncode(Hostile)}</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-gate=\"release-&lt;1&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"gate-release--1-\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_Imported_ShowsTheComputedFigureBesideTheDeclaredHeadline()
    {
        var report = Report(blockers: []) with
        {
            ReadinessPercent = 68.94m,
            Claims = new ClaimContrast("checklist.md", [], 70m, 68.9m, new ChecklistClaim(3, 95m, "Readiness: 95%")),
        };

        var html = ReadinessHtml.Gate(report);

        Assert.Contains("data-status=\"ready\">READY</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"value\" data-figure=\"computed\">68.9%</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"value\" data-figure=\"declared\">95.0%</span><br><small>\"Readiness: 95%\", line 3 of checklist.md</small>", html, StringComparison.Ordinal);
        Assert.Contains("data-figure=\"ticked\">70.0%</span>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"ok\" data-blockers=\"0\">Nothing blocks this gate.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_ProgrammeReport_IsRefused()
    {
        var report = Report(blockers: []) with { Gate = null };

        Assert.Throws<ArgumentException>(() => ReadinessHtml.Gate(report));
    }

    [Fact]
    public void Programme_ExpiringAgreementWithHostileVendor_IsATableRowEncoded()
    {
        var baa = new BaaRecord { ChainId = "c", BaaId = "baa-1", VendorId = Hostile, ExpiresAt = Instant.FromUtc(2026, 12, 14, 0, 0), Services = ["sms"] };
        var report = Report(blockers: []) with
        {
            Gate = null,
            Agreements = new AgreementReadiness(50m, 2, 1, [], [baa]),
        };

        var html = ReadinessHtml.Programme(report);

        Assert.Contains("<tr><td><code>baa-1</code></td><td>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</td><td>2026-12-14</td><td>sms</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("1 of 2 vendors handling PHI are covered by an agreement in force with every required clause (50.0%).", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private static ReadinessReport Report(IReadOnlyList<ReadinessBlocker> blockers)
    {
        var control = new ControlRecord { ChainId = "c", ControlId = "ctl-1", Title = Hostile, Criticality = ControlCriticality.Critical };
        var status = new ControlEvidenceStatus { Control = control, Status = EvidenceStatus.Missing, MinimumAssurance = EvidenceAssurance.Documented, Requirements = [] };
        return new ReadinessReport
        {
            ChainId = "c",
            Gate = new GateDefinition { Id = "release-<1>", Title = "Release <1>", Subject = new ApprovalSubject("release", "1"), RequiredRoles = ["Compliance Officer"], RequiredControls = ["ctl-1"] },
            At = At,
            LedgerSize = 10,
            Controls = new ControlReadiness(0m, [], [status]),
            Agreements = new AgreementReadiness(null, 0, 0, [], []),
            Training = new TrainingReadiness(null, 0, 0, [], [], [], []),
            ReadinessPercent = 0m,
            Blockers = blockers,
            Warnings = [],
            ProjectionIssues = [],
        };
    }
}
