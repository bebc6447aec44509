using ComplianceKit.Baa;

namespace ComplianceKit.Readiness;

/// <summary>Vendors that handle PHI and their agreements.</summary>
/// <param name="Percent">PHI vendors covered by an agreement in force with every required clause, as a percentage; <see langword="null"/> with no PHI vendor.</param>
/// <param name="PhiVendors">Vendors handling PHI.</param>
/// <param name="Covered">Of those, covered by an agreement in force with every required clause.</param>
/// <param name="VendorsWithoutAgreement">PHI vendors with no agreement in force.</param>
/// <param name="Expiring">Agreements in force whose term ends within the window without renewal.</param>
public sealed record AgreementReadiness(decimal? Percent, int PhiVendors, int Covered, IReadOnlyList<VendorRecord> VendorsWithoutAgreement, IReadOnlyList<BaaRecord> Expiring);
