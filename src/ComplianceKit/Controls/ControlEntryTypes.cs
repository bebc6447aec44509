namespace ComplianceKit.Controls;

/// <summary>The ledger entry types of the control catalog (payloads in docs/FORMAT.md, section 11).</summary>
public static class ControlEntryTypes
{
    /// <summary>A control is defined, or redefined (the later definition replaces the earlier one). Payload: <see cref="ControlDefinition"/>.</summary>
    public const string Defined = "control.defined";

    /// <summary>The documented decision on an addressable control. Payload: <see cref="AddressableDecision"/>.</summary>
    public const string DecisionRecorded = "control.decision.recorded";
}
