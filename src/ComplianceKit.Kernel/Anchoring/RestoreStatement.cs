using System.Text;

namespace ComplianceKit.Anchoring;

/// <summary>
/// What an organisation states after restoring a database backup (docs/FORMAT.md 13.7): the chain was restored to a published
/// checkpoint (<see cref="RestoredTo"/>) and the history published and witnessed after it, up to <see cref="Lost"/>, is gone.
/// Signed with the organisation's key like a checkpoint, it is what lets a witness accept a smaller or forked tree, and what
/// verification reports as a gap in history instead of tampering.
/// </summary>
/// <remarks>
/// Its bytes are the header line <c>compliancekit/restore-statement/v1</c>, then the restored-to checkpoint's exact bytes (13.1),
/// then the lost tree size and root, each line ending in a line feed; the header keeps a signature over a statement from ever
/// reading as a signature over a checkpoint. Parsing is strict (one encoding per statement); immutable.
/// </remarks>
public sealed class RestoreStatement
{
    /// <summary>The first line of every restore statement.</summary>
    public const string Header = "compliancekit/restore-statement/v1";

    /// <summary>Creates a statement that <paramref name="restoredTo"/> is what is left of the history up to <paramref name="lost"/>.</summary>
    /// <exception cref="ArgumentException">The two name different origins, carry extension lines, or the restored-to size is not below the lost size.</exception>
    public RestoreStatement(Checkpoint restoredTo, Checkpoint lost)
    {
        ArgumentNullException.ThrowIfNull(restoredTo);
        ArgumentNullException.ThrowIfNull(lost);
        if (restoredTo.Origin != lost.Origin)
        {
            throw new ArgumentException($"A restore statement names one origin; got '{restoredTo.Origin}' and '{lost.Origin}'.", nameof(lost));
        }

        if (restoredTo.Extensions.Count > 0 || lost.Extensions.Count > 0)
        {
            throw new ArgumentException("A restore statement names tree heads only, without extension lines.", nameof(restoredTo));
        }

        if (restoredTo.TreeSize >= lost.TreeSize)
        {
            throw new ArgumentException($"A restore loses history: the restored-to size {restoredTo.TreeSize} must be below the lost size {lost.TreeSize}.", nameof(restoredTo));
        }

        RestoredTo = restoredTo;
        Lost = lost;
    }

    /// <summary>The log's origin line.</summary>
    public string Origin => RestoredTo.Origin;

    /// <summary>The published checkpoint the chain was restored to: its first entries are still the history witnesses accepted.</summary>
    public Checkpoint RestoredTo { get; }

    /// <summary>The size and root published checkpoints and witnesses last accepted before the restore; entries from <c>RestoredTo.TreeSize</c> up to this size are lost.</summary>
    public Checkpoint Lost { get; }

    /// <summary>The exact bytes that are signed.</summary>
    public byte[] ToBytes()
    {
        var lost = Lost.ToBytes();
        var originLine = Encoding.UTF8.GetByteCount(Origin) + 1;
        return [.. Encoding.UTF8.GetBytes(Header + "\n"), .. RestoredTo.ToBytes(), .. lost.AsSpan(originLine)];
    }

    /// <summary>Parses statement bytes strictly: the header, then two tree heads by the rules of <see cref="Checkpoint.Parse"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a restore statement; the message says what is wrong.</exception>
    public static RestoreStatement Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > Checkpoint.MaxLength)
        {
            throw new FormatException($"A restore statement is at most {Checkpoint.MaxLength} bytes; this one is {utf8.Length}.");
        }

        var header = Encoding.UTF8.GetBytes(Header + "\n");
        if (!utf8.StartsWith(header))
        {
            throw new FormatException($"A restore statement starts with the line '{Header}'.");
        }

        var body = utf8[header.Length..];
        var lines = SplitAfterLines(body, 3);
        if (lines is null)
        {
            throw new FormatException("A restore statement has six lines: the header, origin, restored-to size and root, lost size and root.");
        }

        var (restoredBytes, lostTail) = lines.Value;
        var restoredTo = Checkpoint.Parse(restoredBytes);
        if (restoredTo.Extensions.Count > 0)
        {
            throw new FormatException("A restore statement has six lines: the header, origin, restored-to size and root, lost size and root.");
        }

        var originLine = body[..(body.IndexOf((byte)'\n') + 1)];
        var lost = Checkpoint.Parse([.. originLine, .. lostTail]);
        if (lost.Extensions.Count > 0)
        {
            throw new FormatException("A restore statement has six lines: the header, origin, restored-to size and root, lost size and root.");
        }

        try
        {
            return new RestoreStatement(restoredTo, lost);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static (byte[] Head, byte[] Tail)? SplitAfterLines(ReadOnlySpan<byte> text, int lines)
    {
        var end = 0;
        for (var i = 0; i < lines; i++)
        {
            var next = text[end..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return null;
            }

            end += next + 1;
        }

        return (text[..end].ToArray(), text[end..].ToArray());
    }
}
