namespace ComplianceKit.Checklists;

/// <summary>What <see cref="SignOffLineParser"/> read from one sign-off line or table row.</summary>
internal readonly record struct SignOffFields(string Role, SignOffStatus Status, string? SignedBy, string? DateText, string? Attestation = null);
