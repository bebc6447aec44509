using System.Text.Json;

namespace ComplianceKit.Evidence;

/// <summary>
/// Tells an <c>evidence.attached</c> payload that can be decoded straight from its bytes from one that needs the JSON tree:
/// a flat object (members are values or arrays of values, no nested objects, no member named twice, no escaped names)
/// without the <c>signature</c> member. For such a payload the tree's reading and the direct reading agree on every
/// member, so projecting a chain of unsigned evidence skips building a tree per entry; anything else keeps the tree path,
/// and with it its findings and messages.
/// </summary>
internal static class UnsignedStatementScan
{
    private const int MaxMembers = 64;

    /// <summary>Whether <paramref name="payload"/> is a flat, unsigned statement object (see the type's summary).</summary>
    public static bool IsFlatAndUnsigned(ReadOnlySpan<byte> payload)
    {
        Span<Range> names = stackalloc Range[MaxMembers];
        var count = 0;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        return false;
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        if (reader.ValueIsEscaped || reader.ValueTextEquals(EvidenceStatement.SignatureMember) || count == MaxMembers)
                        {
                            return false;
                        }

                        var name = reader.ValueSpan;
                        foreach (var earlier in names[..count])
                        {
                            if (payload[earlier].SequenceEqual(name))
                            {
                                return false;
                            }
                        }

                        var start = (int)reader.TokenStartIndex + 1; // past the opening quote
                        names[count++] = new Range(start, start + name.Length);
                        break;
                }
            }

            return true; // the reader throws on anything after the object, and on an unclosed one
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
