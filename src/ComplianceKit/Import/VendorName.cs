namespace ComplianceKit.Import;

/// <summary>A vendor as a checklist names it.</summary>
/// <param name="Name">The vendor's name ("Resend"), or the generic description when no vendor is named ("AI provider").</param>
/// <param name="Service">What the vendor does, when the checklist said it ("Email provider"); otherwise <see langword="null"/>.</param>
/// <param name="Unnamed">Why no vendor is named ("'if applicable': no vendor is named"), or <see langword="null"/> when one is.</param>
public sealed record VendorName(string Name, string? Service, string? Unnamed);
