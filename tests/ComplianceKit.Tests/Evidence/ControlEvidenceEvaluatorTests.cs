using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using NodaTime;

namespace ComplianceKit.Tests.Evidence;

public class ControlEvidenceEvaluatorTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 0, 0);
    private static readonly Duration Window = Duration.FromDays(30);

    [Theory]
    [InlineData(10, EvidenceStatus.Current)]
    [InlineData(70, EvidenceStatus.Expiring)]
    [InlineData(89, EvidenceStatus.Expiring)]
    [InlineData(90, EvidenceStatus.Expired)]
    [InlineData(400, EvidenceStatus.Expired)]
    public void Evaluate_DocumentOfAge_StatusFollowsFreshness(int ageDays, EvidenceStatus expected)
    {
        var status = Evaluate(Control(), [Requirement("report", 90)], [Piece("e1", "report", At - Duration.FromDays(ageDays))]);

        Assert.Equal(expected, status.Status);
        Assert.Equal(At - Duration.FromDays(ageDays) + Duration.FromDays(90), status.ValidUntil);
    }

    [Fact]
    public void Evaluate_ValidUntilBeforeFreshness_EndsAtValidUntil()
    {
        var piece = Piece("e1", "report", At - Duration.FromDays(5));
        piece.ValidUntil = At + Duration.FromDays(3);

        var status = Evaluate(Control(), [Requirement("report", 90)], [piece]);

        Assert.Equal((EvidenceStatus.Expiring, At + Duration.FromDays(3)), (status.Status, status.ValidUntil));
    }

    [Fact]
    public void Evaluate_NoEvidence_IsMissingAndNotSatisfied()
    {
        var status = Evaluate(Control(), [Requirement("report", 90)], []);

        Assert.Equal(EvidenceStatus.Missing, status.Status);
        Assert.False(status.IsSatisfied);
        Assert.Equal("no report in force", status.Problem);
    }

    [Fact]
    public void Evaluate_WithdrawnBeforeTheInstant_DoesNotCountButDidBefore()
    {
        var piece = Piece("e1", "report", At - Duration.FromDays(20));
        piece.WithdrawnAt = At - Duration.FromDays(1);

        var now = Evaluate(Control(), [Requirement("report", 90)], [piece]);
        var before = Evaluate(Control(), [Requirement("report", 90)], [piece], At - Duration.FromDays(2));

        Assert.Equal(EvidenceStatus.Missing, now.Status);
        Assert.Equal(EvidenceStatus.Current, before.Status);
    }

    [Fact]
    public void Evaluate_RecordedAfterTheInstant_DoesNotCount()
    {
        var piece = Piece("e1", "report", At - Duration.FromDays(20));
        piece.RecordedAt = At + Duration.FromMinutes(1);

        Assert.Equal(EvidenceStatus.Missing, Evaluate(Control(), [Requirement("report", 90)], [piece]).Status);
    }

    [Fact]
    public void Evaluate_CriticalControlWithOnlyATick_IsCurrentButNotSatisfied()
    {
        var tick = Piece("e1", "checklist-tick", At - Duration.FromDays(1), EvidenceAssurance.SelfAttested);

        var status = Evaluate(Control(ControlCriticality.Critical), [], [tick], minimum: EvidenceAssurance.Documented);

        Assert.Equal((EvidenceStatus.Current, EvidenceAssurance.SelfAttested, false), (status.Status, status.Assurance, status.IsSatisfied));
        Assert.Contains("self-attested", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TickAndOlderDocument_PrefersTheOneMeetingTheMinimumAssurance()
    {
        var tick = Piece("tick", "report", At - Duration.FromDays(1), EvidenceAssurance.SelfAttested);
        var document = Piece("doc", "report", At - Duration.FromDays(80));

        var status = Evaluate(Control(ControlCriticality.Critical), [Requirement("report", 90)], [tick, document], minimum: EvidenceAssurance.Documented);

        Assert.True(status.IsSatisfied);
        Assert.Equal("doc", Assert.Single(status.Requirements).Evidence!.EvidenceId);
        Assert.Equal(EvidenceStatus.Expiring, status.Status);
    }

    [Fact]
    public void Evaluate_TwoRequirements_TheWorstDecides()
    {
        var status = Evaluate(Control(), [Requirement("config", 365), Requirement("log-review", 90)],
            [Piece("c", "config", At - Duration.FromDays(10)), Piece("l", "log-review", At - Duration.FromDays(100))]);

        Assert.Equal(EvidenceStatus.Expired, status.Status);
        Assert.Equal([EvidenceStatus.Current, EvidenceStatus.Expired], status.Requirements.Select(r => r.Status));
        Assert.StartsWith("log-review expired", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AddressableWithDocumentedDecision_IsSatisfiedWithoutEvidence()
    {
        var control = Control();
        control.Requirement = ImplementationRequirement.Addressable;
        control.DecisionOutcome = AddressableOutcome.NotReasonableAndAppropriate;
        control.DecidedAt = At - Duration.FromDays(3);

        var status = Evaluate(control, [Requirement("report", 90)], []);

        Assert.Equal((EvidenceStatus.Missing, true, true), (status.Status, status.SatisfiedByDecision, status.IsSatisfied));
    }

    [Fact]
    public void Evaluate_AlternativeImplemented_StillNeedsEvidence()
    {
        var control = Control();
        control.Requirement = ImplementationRequirement.Addressable;
        control.DecisionOutcome = AddressableOutcome.AlternativeImplemented;
        control.DecidedAt = At - Duration.FromDays(3);

        Assert.False(Evaluate(control, [Requirement("report", 90)], []).IsSatisfied);
    }

    [Fact]
    public void Evaluate_SignedEvidenceWithoutASignatureCheck_CountsOnlyAsDocumented()
    {
        var piece = Piece("e1", "report", At - Duration.FromDays(1), EvidenceAssurance.SignedArtifact);

        var status = Evaluate(Control(), [Requirement("report", 90)], [piece], minimum: EvidenceAssurance.SignedArtifact);

        Assert.Equal(EvidenceAssurance.Documented, status.Assurance);
        Assert.False(status.IsSatisfied);
    }

    internal static ControlRecord Control(ControlCriticality criticality = ControlCriticality.Important) =>
        new() { ChainId = "c", ControlId = "ctl", Title = "Audit controls", Criticality = criticality };

    internal static ControlEvidenceRequirementRecord Requirement(string kind, int? days) =>
        new() { ChainId = "c", ControlId = "ctl", Kind = kind, FreshnessDays = days };

    internal static EvidenceRecord Piece(string id, string kind, Instant effective, EvidenceAssurance assurance = EvidenceAssurance.Documented) => new()
    {
        ChainId = "c", EvidenceId = id, ControlId = "ctl", Kind = kind, Assurance = assurance, CollectedAt = effective, EffectiveAt = effective,
        CollectedBy = "it", RecordedAt = effective, ArtifactSha256 = assurance == EvidenceAssurance.SelfAttested ? null : new string('a', 64),
    };

    private static ControlEvidenceStatus Evaluate(ControlRecord control, IReadOnlyList<ControlEvidenceRequirementRecord> requirements, IEnumerable<EvidenceRecord> evidence,
        Instant? at = null, EvidenceAssurance minimum = EvidenceAssurance.SelfAttested) =>
        ControlEvidenceEvaluator.Evaluate(control, requirements, evidence, at ?? At, Window, minimum);
}
