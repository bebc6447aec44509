namespace ComplianceKit.Baa;

/// <summary>The ledger entry types of vendors and business associate agreements (payloads in docs/FORMAT.md, section 11).</summary>
public static class BaaEntryTypes
{
    /// <summary>A vendor is registered or its details change. Payload: <see cref="VendorRegistration"/>; subject <c>vendor:&lt;id&gt;</c>.</summary>
    public const string VendorRegistered = "vendor.registered";

    /// <summary>An agreement is drafted (terms under negotiation). Payload: <see cref="BusinessAssociateAgreement"/>; subject <c>baa:&lt;id&gt;</c>.</summary>
    public const string Drafted = "baa.drafted";

    /// <summary>An agreement is signed by both parties; its terms replace the draft's. Payload: <see cref="BusinessAssociateAgreement"/>.</summary>
    public const string Executed = "baa.executed";

    /// <summary>An agreement is terminated. Payload: <see cref="BaaTermination"/>.</summary>
    public const string Terminated = "baa.terminated";

    /// <summary>The PHI held under a terminated agreement was returned or destroyed. Payload: <see cref="PhiDispositionRecord"/>.</summary>
    public const string DispositionRecorded = "baa.disposition.recorded";
}
