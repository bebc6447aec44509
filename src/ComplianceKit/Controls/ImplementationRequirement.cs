namespace ComplianceKit.Controls;

/// <summary>Whether a control must be implemented as stated, in the HIPAA sense (45 CFR 164.306(d)).</summary>
public enum ImplementationRequirement
{
    /// <summary>Must be implemented.</summary>
    Required = 0,

    /// <summary>
    /// Must be assessed: implemented if reasonable and appropriate; otherwise the decision and its rationale are
    /// documented and an equivalent alternative measure is implemented if reasonable and appropriate (an <see cref="AddressableDecision"/>).
    /// </summary>
    Addressable = 1,
}
