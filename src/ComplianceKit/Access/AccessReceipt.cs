namespace ComplianceKit.Access;

/// <summary>Proof that an access event is durable: where the ledger committed it.</summary>
/// <param name="ChainId">The chain holding the entry.</param>
/// <param name="Sequence">The entry's sequence in the chain.</param>
/// <param name="Subject">The record's pseudonym, as stored.</param>
public sealed record AccessReceipt(string ChainId, long Sequence, string Subject);
