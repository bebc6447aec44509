namespace ComplianceKit.Anchoring;

/// <summary>
/// The newest checkpoint a publisher's run saw: its entry's sequence and hash, and the tree size it covers. The next run reads the
/// checkpoint entries from that size on, once it finds the same entry there again (a restore or another history: it reads all).
/// </summary>
internal sealed record CheckpointReadMark(long Sequence, byte[] EntryHash, long CoveredSize);
