using System.Buffers.Text;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;

namespace ComplianceKit.Bundles;

/// <summary>
/// Computes what <see cref="ChainVerifier"/> needs of an entry line in the exporter's exact shape where the line lies: the fields
/// are matched in place (<see cref="CanonicalEntryLine.TryView"/>), base64 is decoded into a reused buffer and the stack, and the
/// payload digest, entry hash and leaf hash go into stack buffers and the <see cref="DigestedLine"/>. It takes only lines that
/// <see cref="EntryLineParser"/> would read to an entry with the same digests; every other line is declined, for the parser
/// to read or word. Not thread-safe.
/// </summary>
internal sealed class CanonicalLineDigest
{
    // 32 bytes of base64 are 44 characters; salts of other lengths (a finding) are decoded up to this size here.
    private const int MaxSaltBytes = 64;

    private readonly CanonicalEntryLine _canonical = new();
    private byte[] _payload = new byte[4096];

    /// <summary>Digests <paramref name="line"/> (without its line feed) into <paramref name="item"/>, if it is canonical and has no inclusion proof.</summary>
    /// <returns><see langword="false"/> for any other line; <paramref name="item"/> may then hold part of a result.</returns>
    public bool TryCompute(ReadOnlySpan<byte> line, ref DigestedLine item) =>
        _canonical.TryView(line, out var view) && !view.HasProof && TryDigest(view, ref item);

    /// <summary>
    /// Computes the payload digest, the entry hash and the leaf hash of a canonical line whose three stored hashes are 32 bytes;
    /// <see langword="false"/> for any other line (it is then parsed in full, and the strict parser judges it).
    /// </summary>
    private bool TryDigest(in EntryLineView view, ref DigestedLine item)
    {
        Span<byte> hashes = item.Hashes;
        Span<byte> digest = stackalloc byte[Sha256Digest.Size];
        Span<byte> salt = stackalloc byte[MaxSaltBytes];
        var saltLength = 0;
        if (!Hash32(view.PayloadDigest, digest) || !Hash32(view.PreviousHash, hashes[..32]) || !Hash32(view.EntryHash, hashes[32..64])
            || (!view.PayloadSaltIsNull && (Base64.GetMaxDecodedFromUtf8Length(view.PayloadSalt.Length) > MaxSaltBytes
                || !CanonicalEntryLine.TryDecode(view.PayloadSalt, salt, out saltLength))))
        {
            return false;
        }

        var payloadLength = 0;
        if (!view.PayloadIsNull)
        {
            var maximum = Base64.GetMaxDecodedFromUtf8Length(view.Payload.Length);
            if (maximum > _payload.Length)
            {
                _payload = new byte[Math.Max(maximum, _payload.Length * 2)];
            }

            if (!CanonicalEntryLine.TryDecode(view.Payload, _payload, out payloadLength))
            {
                return false;
            }
        }

        Span<byte> computed = stackalloc byte[Sha256Digest.Size];
        var absent = view.PayloadIsNull || view.PayloadSaltIsNull;
        var digestMatches = false;
        if (!absent && saltLength == EntryEncoding.SaltSize)
        {
            EntryEncoding.ComputePayloadDigest(salt[..saltLength], _payload.AsSpan(0, payloadLength), computed);
            digestMatches = computed.SequenceEqual(digest);
        }

        EntryEncoding.ComputeEntryHash(view.ChainIdUtf8, view.Sequence, view.EntryTypeUtf8, view.Subject, view.Actor,
            view.OccurredMicros, view.RecordedMicros, hashes[..32], digest, computed);
        MerkleHasher.HashLeaf(hashes[32..64], hashes[64..]);
        item.Parsed = null;
        item.Sequence = view.Sequence;
        item.ChainId = view.ChainId;
        item.EntryType = view.EntryType;
        item.Payload = new PayloadCheck.Facts(absent, Sha256Digest.Size, saltLength, digestMatches);
        item.HeaderHolds = computed.SequenceEqual(hashes[32..64]);
        return true;
    }

    /// <summary>A stored hash: base64 of exactly 32 bytes.</summary>
    private static bool Hash32(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        Span<byte> decoded = stackalloc byte[36];
        if (text.Length != 44 || !CanonicalEntryLine.TryDecode(text, decoded, out var written) || written != Sha256Digest.Size)
        {
            return false;
        }

        decoded[..Sha256Digest.Size].CopyTo(destination);
        return true;
    }
}
