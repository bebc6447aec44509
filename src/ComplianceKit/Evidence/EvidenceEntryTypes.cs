namespace ComplianceKit.Evidence;

/// <summary>The ledger entry types of evidence (payloads in docs/FORMAT.md, section 11).</summary>
public static class EvidenceEntryTypes
{
    /// <summary>Evidence is attached to a control. Payload: <see cref="EvidenceStatement"/>, optionally with a <c>signature</c> member.</summary>
    public const string Attached = "evidence.attached";

    /// <summary>Evidence is withdrawn (wrong, superseded, attached to the wrong control). Payload: <see cref="EvidenceWithdrawal"/>.</summary>
    public const string Withdrawn = "evidence.withdrawn";
}
