namespace ComplianceKit.Approvals;

/// <summary>The meaning of a signature, as 21 CFR 11.50(a)(3) asks every signed record to state.</summary>
public enum SignatureMeaning
{
    /// <summary>The signer approves the subject.</summary>
    Approval,

    /// <summary>The signer reviewed the subject.</summary>
    Review,

    /// <summary>The signer takes responsibility for the subject.</summary>
    Responsibility,

    /// <summary>The signer authored the subject.</summary>
    Authorship,
}
