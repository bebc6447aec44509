using NodaTime;

namespace ComplianceKit.Administration;

/// <summary>
/// The <c>administration</c> member of a signed administrative payload: which entry type in which chain the administrator
/// signed, and when. It binds the signature to its place, so a signed grant cannot be replayed as a revocation or in
/// another chain.
/// </summary>
/// <param name="EntryType">The entry type the payload is for, for example <c>role.granted</c>.</param>
/// <param name="ChainId">The chain the entry belongs to.</param>
/// <param name="SignedAt">The claimed signing time, whole seconds; equals the CMS signing-time attribute.</param>
public sealed record AdministrativeHeader(string EntryType, string ChainId, Instant SignedAt);
