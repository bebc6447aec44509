using ComplianceKit.Ledger;

namespace ComplianceKit.Administration;

/// <summary>An administrative entry that counts, and who signed it.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="AdministratorSha256">The signing administrator's certificate fingerprint; <see langword="null"/> for an entry the unsigned mode accepted.</param>
/// <param name="AdministratorSubject">The signing administrator's certificate subject, or <see langword="null"/>.</param>
public sealed record AdministrativeAct(LedgerEntry Entry, string? AdministratorSha256, string? AdministratorSubject);
