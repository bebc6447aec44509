using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class MerkleProofVerifierTests
{
    private static readonly RfcVectors Vectors = RfcVectors.Current;
    private static readonly byte[] ExtraHash = MerkleHasher.HashLeaf("extra"u8);

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_AnyBitFlippedInAnyProofElement_RootMismatch(int vector)
    {
        var v = Vectors.Inclusion[vector];
        var results = new List<MerkleProofResult>();

        for (var element = 0; element < v.Proof.Count; element++)
        {
            for (var bit = 0; bit < 256; bit++)
            {
                var path = v.Proof.ToArray();
                path[element] = TestLeaves.FlipBit(path[element], bit);
                results.Add(MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.LeafIndex, v.TreeSize, path), v.Root));
            }
        }

        Assert.Equal(v.Proof.Count * 256, results.Count);
        Assert.All(results, r => Assert.Equal(MerkleProofFailure.RootMismatch, r.Failure));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_LeafHashOrRootBitFlipped_RootMismatch(int vector)
    {
        var v = Vectors.Inclusion[vector];

        var wrongLeaf = MerkleProofVerifier.VerifyInclusion(TestLeaves.FlipBit(v.LeafHash, 7), v.ToProof(), v.Root);
        var wrongRoot = MerkleProofVerifier.VerifyInclusion(v.LeafHash, v.ToProof(), TestLeaves.FlipBit(v.Root, 200));
        var otherRoots = Vectors.RootsBySize.Where(p => p.Key != v.TreeSize)
            .Select(p => MerkleProofVerifier.VerifyInclusion(v.LeafHash, v.ToProof(), p.Value))
            .ToList();

        Assert.Equal(MerkleProofFailure.RootMismatch, wrongLeaf.Failure);
        Assert.Equal(MerkleProofFailure.RootMismatch, wrongRoot.Failure);
        Assert.All(otherRoots, r => Assert.Equal(MerkleProofFailure.RootMismatch, r.Failure));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_WrongIndexInSameTree_Invalid(int vector)
    {
        var v = Vectors.Inclusion[vector];

        var results = Enumerable.Range(0, (int)v.TreeSize).Where(i => i != v.LeafIndex)
            .Select(i => MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(i, v.TreeSize, v.Proof), v.Root))
            .ToList();

        Assert.All(results, r => Assert.False(r.IsValid));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_IndexOutsideTree_IndexOutOfRange(int vector)
    {
        var v = Vectors.Inclusion[vector];

        var atSize = MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.TreeSize, v.TreeSize, v.Proof), v.Root);
        var negative = MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(-1, v.TreeSize, v.Proof), v.Root);
        var emptyTree = MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.LeafIndex, 0, v.Proof), v.Root);
        var negativeSize = MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.LeafIndex, -5, v.Proof), v.Root);

        Assert.Equal(MerkleProofFailure.IndexOutOfRange, atSize.Failure);
        Assert.Equal(MerkleProofFailure.IndexOutOfRange, negative.Failure);
        Assert.Equal(MerkleProofFailure.IndexOutOfRange, emptyTree.Failure);
        Assert.Equal(MerkleProofFailure.InvalidSizes, negativeSize.Failure);
    }

    // RFC 9162 inclusion verification binds the leaf to the root, not to the size: a size whose path
    // has the same left/right shape recomputes the same root. Sizes must come from signed tree heads.
    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_WrongSize_RejectedUnlessPathShapeIsIdentical(int vector)
    {
        var v = Vectors.Inclusion[vector];
        var trueShape = InclusionShape(v.LeafIndex, v.TreeSize);
        var sizes = Enumerable.Range((int)v.LeafIndex + 1, (int)(2 * v.TreeSize) + 2).Where(s => s != v.TreeSize).ToList();

        var results = sizes
            .Select(s => (Size: s, MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.LeafIndex, s, v.Proof), v.Root).Failure))
            .ToList();

        Assert.All(results, r => Assert.Equal(
            MerkleProofPlanner.InclusionProofLength(v.LeafIndex, r.Size) != v.Proof.Count ? MerkleProofFailure.WrongProofLength
                : InclusionShape(v.LeafIndex, r.Size).SequenceEqual(trueShape) ? MerkleProofFailure.None
                : MerkleProofFailure.RootMismatch,
            r.Failure));
        Assert.Contains(results, r => r.Failure == MerkleProofFailure.WrongProofLength);
    }

    [Fact]
    public void VerifyInclusion_LeafZeroOfEightClaimedInTreeOfSeven_AcceptedBecauseShapeIsIdentical()
    {
        var v = Vectors.Inclusion.Single(x => x.LeafIndex == 0 && x.TreeSize == 8);

        var result = MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(0, 7, v.Proof), v.Root);

        Assert.True(result.IsValid);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_TruncatedOrExtendedProof_WrongProofLength(int vector)
    {
        var v = Vectors.Inclusion[vector];
        List<byte[][]> variants =
        [
            [.. v.Proof, ExtraHash],
            [ExtraHash, .. v.Proof],
        ];
        if (v.Proof.Count > 0)
        {
            variants.Add([.. v.Proof, .. v.Proof]);
            variants.Add(v.Proof.Take(v.Proof.Count - 1).ToArray());
            variants.Add(v.Proof.Skip(1).ToArray());
        }

        var results = variants
            .Select(path => MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.LeafIndex, v.TreeSize, path), v.Root))
            .ToList();

        Assert.All(results, r => Assert.Equal(MerkleProofFailure.WrongProofLength, r.Failure));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_HashOfWrongLength_MalformedHash(int vector)
    {
        var v = Vectors.Inclusion[vector];
        var padded = v.Proof.Select(p => (byte[])[.. p, 0]).ToArray();

        var shortLeaf = MerkleProofVerifier.VerifyInclusion(v.LeafHash.AsSpan(0, 31), v.ToProof(), v.Root);
        var longRoot = MerkleProofVerifier.VerifyInclusion(v.LeafHash, v.ToProof(), [.. v.Root, 0]);
        var longElements = MerkleProofVerifier.VerifyInclusion(v.LeafHash, new InclusionProof(v.LeafIndex, v.TreeSize, padded), v.Root);

        Assert.Equal(MerkleProofFailure.MalformedHash, shortLeaf.Failure);
        Assert.Equal(MerkleProofFailure.MalformedHash, longRoot.Failure);
        Assert.Equal(v.Proof.Count == 0 ? MerkleProofFailure.None : MerkleProofFailure.MalformedHash, longElements.Failure);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_AnyBitFlippedInAnyProofElement_RootMismatch(int vector)
    {
        var v = Vectors.Consistency[vector];
        var results = new List<MerkleProofResult>();

        for (var element = 0; element < v.Proof.Count; element++)
        {
            for (var bit = 0; bit < 256; bit++)
            {
                var path = v.Proof.ToArray();
                path[element] = TestLeaves.FlipBit(path[element], bit);
                results.Add(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(v.Size1, v.Size2, path), v.Root1, v.Root2));
            }
        }

        Assert.Equal(v.Proof.Count * 256, results.Count);
        Assert.All(results, r => Assert.Equal(MerkleProofFailure.RootMismatch, r.Failure));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_EitherRootBitFlipped_RootMismatch(int vector)
    {
        var v = Vectors.Consistency[vector];

        var wrongFirst = MerkleProofVerifier.VerifyConsistency(v.ToProof(), TestLeaves.FlipBit(v.Root1, 3), v.Root2);
        var wrongSecond = MerkleProofVerifier.VerifyConsistency(v.ToProof(), v.Root1, TestLeaves.FlipBit(v.Root2, 250));

        Assert.Equal(MerkleProofFailure.RootMismatch, wrongFirst.Failure);
        Assert.Equal(MerkleProofFailure.RootMismatch, wrongSecond.Failure);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_TruncatedOrExtendedProof_WrongProofLength(int vector)
    {
        var v = Vectors.Consistency[vector];
        List<byte[][]> variants =
        [
            [.. v.Proof, ExtraHash],
            [ExtraHash, .. v.Proof],
        ];
        if (v.Proof.Count > 0)
        {
            variants.Add(v.Proof.Take(v.Proof.Count - 1).ToArray());
            variants.Add(v.Proof.Skip(1).ToArray());
        }

        var results = variants
            .Select(path => MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(v.Size1, v.Size2, path), v.Root1, v.Root2))
            .ToList();

        Assert.All(results, r => Assert.Equal(MerkleProofFailure.WrongProofLength, r.Failure));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_SizesSwapped_InvalidSizesUnlessEqual(int vector)
    {
        var v = Vectors.Consistency[vector];

        var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(v.Size2, v.Size1, v.Proof), v.Root2, v.Root1);

        Assert.Equal(v.Size1 == v.Size2 ? MerkleProofFailure.None : MerkleProofFailure.InvalidSizes, result.Failure);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_WrongFirstOrSecondSize_RejectedUnlessProofShapeIsIdentical(int vector)
    {
        var v = Vectors.Consistency[vector];
        var trueShape = ConsistencyShape(v.Size1, v.Size2);
        var pairs = Enumerable.Range(1, (int)v.Size2).Where(s => s != v.Size1).Select(s => (First: (long)s, Second: v.Size2))
            .Concat(Enumerable.Range((int)v.Size1, (int)v.Size2 + 3).Where(s => s != v.Size2).Select(s => (First: v.Size1, Second: (long)s)))
            .ToList();

        var results = pairs
            .Select(p => (Pair: p, MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(p.First, p.Second, v.Proof), v.Root1, v.Root2).Failure))
            .ToList();

        Assert.All(results, r => Assert.Equal(
            MerkleProofPlanner.ConsistencyProofLength(r.Pair.First, r.Pair.Second) != v.Proof.Count ? MerkleProofFailure.WrongProofLength
                : ConsistencyShape(r.Pair.First, r.Pair.Second).SequenceEqual(trueShape) ? MerkleProofFailure.None
                : MerkleProofFailure.RootMismatch,
            r.Failure));
        Assert.Contains(results, r => r.Failure == MerkleProofFailure.WrongProofLength);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_HashOfWrongLength_MalformedHash(int vector)
    {
        var v = Vectors.Consistency[vector];

        var shortFirst = MerkleProofVerifier.VerifyConsistency(v.ToProof(), v.Root1.AsSpan(0, 31), v.Root2);
        var longSecond = MerkleProofVerifier.VerifyConsistency(v.ToProof(), v.Root1, [.. v.Root2, 0]);
        var malformedElement = MerkleProofVerifier.VerifyConsistency(
            new ConsistencyProof(v.Size1, v.Size2, [.. v.Proof, new byte[5]]), v.Root1, v.Root2);

        Assert.Equal(MerkleProofFailure.MalformedHash, shortFirst.Failure);
        Assert.Equal(MerkleProofFailure.MalformedHash, longSecond.Failure);
        Assert.Equal(MerkleProofFailure.MalformedHash, malformedElement.Failure);
    }

    [Fact]
    public void VerifyConsistency_FromEmptyTree_ValidOnlyWithEmptyRootAndEmptyProof()
    {
        var v = Vectors.Consistency[^1];
        var emptyRoot = MerkleHasher.EmptyRoot.ToArray();

        var valid = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, v.Size2, []), emptyRoot, v.Root2);
        var wrongFirstRoot = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, v.Size2, []), v.Root1, v.Root2);
        var nonEmptyProof = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, v.Size2, [ExtraHash]), emptyRoot, v.Root2);
        var bothEmpty = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, 0, []), emptyRoot, emptyRoot);

        Assert.True(valid.IsValid, valid.Message);
        Assert.Equal(MerkleProofFailure.RootMismatch, wrongFirstRoot.Failure);
        Assert.Equal(MerkleProofFailure.WrongProofLength, nonEmptyProof.Failure);
        Assert.True(bothEmpty.IsValid, bothEmpty.Message);
    }

    [Fact]
    public void VerifyConsistency_EqualSizesDifferentRoots_RootMismatch()
    {
        var root8 = Vectors.RootsBySize[8];
        var root7 = Vectors.RootsBySize[7];

        var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(8, 8, []), root8, root7);

        Assert.Equal(MerkleProofFailure.RootMismatch, result.Failure);
    }

    [Fact]
    public void VerifyConsistency_NonEmptySizesWithEmptyProof_WrongProofLength()
    {
        var result = MerkleProofVerifier.VerifyConsistency(
            new ConsistencyProof(3, 8, []), Vectors.RootsBySize[3], Vectors.RootsBySize[8]);

        var message = result.Message;

        Assert.Equal(MerkleProofFailure.WrongProofLength, result.Failure);
        Assert.Contains("has 4 hashes; this one has 0", message, StringComparison.Ordinal);
    }

    // Which proof elements are left siblings; with the sizes this fixes every hash the verifier computes.
    private static List<bool> InclusionShape(long index, long size) =>
        MerkleProofPlanner.InclusionRanges(index, size).Select(r => r.End <= index).ToList();

    private static List<bool> ConsistencyShape(long first, long second) =>
        [(first & (first - 1)) == 0, .. MerkleProofPlanner.ConsistencyRanges(first, second).Select(r => r.End <= first)];
}
