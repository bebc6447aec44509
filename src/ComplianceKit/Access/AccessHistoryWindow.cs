using NodaTime;

namespace ComplianceKit.Access;

/// <summary>What an access history specification selects: one key (a record's pseudonym or a user) of one chain, occurred-at in [<see cref="From"/>, <see cref="To"/>).</summary>
internal sealed record AccessHistoryWindow(string ChainId, string Key, Instant From, Instant To);
