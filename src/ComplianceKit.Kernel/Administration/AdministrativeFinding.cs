namespace ComplianceKit.Administration;

/// <summary>An administrative entry that decisions ignore, and why.</summary>
/// <param name="Sequence">The entry's sequence.</param>
/// <param name="EntryType">The entry's type.</param>
/// <param name="Subject">The entry's subject, for example <c>gate:release-7</c>.</param>
/// <param name="Kind">Why it does not count.</param>
/// <param name="Message">A sentence naming the entry and the reason.</param>
public sealed record AdministrativeFinding(long Sequence, string EntryType, string Subject, AdministrativeFindingKind Kind, string Message);
