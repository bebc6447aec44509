using System.Collections.ObjectModel;
using System.Text;

namespace ComplianceKit.Merkle;

/// <summary>Validation, copying, equality and formatting shared by the Merkle value types.</summary>
internal static class MerkleHashes
{
    public static byte[] CopyHash(byte[] hash, string paramName)
    {
        ArgumentNullException.ThrowIfNull(hash, paramName);
        if (hash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException(
                $"A Merkle hash is {MerkleHasher.HashSize} bytes; this one is {hash.Length}.", paramName);
        }

        return (byte[])hash.Clone();
    }

    public static ReadOnlyCollection<byte[]> CopyPath(IReadOnlyList<byte[]> path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        var copy = new byte[path.Count][];
        for (var i = 0; i < copy.Length; i++)
        {
            // Lengths are not checked here: a verifier must be able to report a malformed element.
            copy[i] = path[i] is { } element
                ? (byte[])element.Clone()
                : throw new ArgumentException($"Proof path element {i} is null.", paramName);
        }

        return Array.AsReadOnly(copy);
    }

    public static bool PathEquals(IReadOnlyList<byte[]> left, IReadOnlyList<byte[]> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!left[i].AsSpan().SequenceEqual(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static int PathHashCode(IReadOnlyList<byte[]> path)
    {
        var hash = new HashCode();
        hash.Add(path.Count);
        foreach (var element in path)
        {
            hash.AddBytes(element);
        }

        return hash.ToHashCode();
    }

    public static string FormatPath(IReadOnlyList<byte[]> path)
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < path.Count; i++)
        {
            builder.Append(i == 0 ? " " : ", ").Append(Convert.ToHexStringLower(path[i]));
        }

        return builder.Append(path.Count == 0 ? "]" : " ]").ToString();
    }
}
