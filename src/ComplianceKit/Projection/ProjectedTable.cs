using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace ComplianceKit.Projection;

/// <summary>
/// One projected table of <see cref="ComplianceProjector"/>: the live rows it changes, by key, and the rows as last
/// published to a snapshot: copies, in ordinal key order, in a persistent list, so a new snapshot shares every row that
/// did not change with the one before. Publishing copies only the rows marked changed since the last publish, in
/// O(k log n) for k of n rows; the first publish sorts every row once.
/// </summary>
/// <remarks>Every path that changes a live row must mark it (<see cref="GetToChange"/>, <see cref="TryGetToChange"/>,
/// <see cref="Add"/>, <see cref="MarkChanged"/>): an unmarked change would not reach the next snapshot. Not thread-safe.</remarks>
/// <typeparam name="T">The row type.</typeparam>
internal sealed class ProjectedTable<T>
    where T : class
{
    private readonly Dictionary<string, T> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Func<T, string> _key;
    private readonly Func<T, T> _copy;
    private readonly IComparer<T> _byKey;
    private ImmutableList<T> _published = [];
    private bool _everPublished; // until the first publish every live row counts as changed: no set of keys to keep (a rebuild never publishes)

    /// <summary>Creates an empty table whose rows are keyed by <paramref name="key"/> and published as <paramref name="copy"/>.</summary>
    public ProjectedTable(Func<T, string> key, Func<T, T> copy)
    {
        _key = key;
        _copy = copy;
        _byKey = Comparer<T>.Create((a, b) => string.CompareOrdinal(key(a), key(b)));
    }

    /// <summary>The live rows, in insertion order (rows are never removed).</summary>
    public IEnumerable<T> Values => _live.Values;

    /// <summary>The keys of the rows changed since the last publish (before the first publish: every row).</summary>
    public IReadOnlyCollection<string> Changed => _everPublished ? _changed : _live.Keys;

    /// <summary>The row with the key, to read only.</summary>
    /// <exception cref="KeyNotFoundException">No row has the key.</exception>
    public T this[string key] => _live[key];

    /// <summary>Whether a row has the key.</summary>
    public bool ContainsKey(string key) => _live.ContainsKey(key);

    /// <summary>The row with the key, to read only.</summary>
    public bool TryGet(string key, [MaybeNullWhen(false)] out T row) => _live.TryGetValue(key, out row);

    /// <summary>The row with the key, marked changed.</summary>
    public bool TryGetToChange(string key, [MaybeNullWhen(false)] out T row)
    {
        if (!_live.TryGetValue(key, out row))
        {
            return false;
        }

        MarkChanged(key);
        return true;
    }

    /// <summary>The row with the key, marked changed.</summary>
    /// <exception cref="KeyNotFoundException">No row has the key.</exception>
    public T GetToChange(string key)
    {
        var row = _live[key];
        MarkChanged(key);
        return row;
    }

    /// <summary>Adds a new row, marked changed.</summary>
    public T Add(T row)
    {
        var key = _key(row);
        _live.Add(key, row);
        MarkChanged(key);
        return row;
    }

    /// <summary>Marks the row with the key changed, so the next publish copies it again (a row whose links change).</summary>
    public void MarkChanged(string key)
    {
        if (_everPublished)
        {
            _changed.Add(key);
        }
    }

    /// <summary>
    /// The live rows themselves, in key order, for a final snapshot of a table never published (the table is not used
    /// again): no copies, and one sort of the keys.
    /// </summary>
    public T[] ReleaseRows()
    {
        var keys = new string[_live.Count];
        var rows = new T[_live.Count];
        _live.Keys.CopyTo(keys, 0);
        _live.Values.CopyTo(rows, 0);
        Array.Sort(keys, rows, StringComparer.Ordinal);
        _live.Clear();
        _changed.Clear();
        return rows;
    }

    /// <summary>Publishes the changed rows as new copies and returns every published row in key order, with those copies by key (to link).</summary>
    public (ImmutableList<T> Rows, Dictionary<string, T> Copies) Publish()
    {
        var changed = Changed;
        var copies = new Dictionary<string, T>(changed.Count, StringComparer.Ordinal);
        foreach (var key in changed)
        {
            copies[key] = _copy(_live[key]);
        }

        _changed.Clear();
        _everPublished = true;
        if (_published.IsEmpty)
        {
            _published = [.. copies.Values.Order(_byKey)];
            return (_published, copies);
        }

        var rows = _published.ToBuilder();
        foreach (var copy in copies.Values)
        {
            var index = rows.BinarySearch(copy, _byKey);
            if (index >= 0)
            {
                rows[index] = copy;
            }
            else
            {
                rows.Insert(~index, copy);
            }
        }

        _published = rows.ToImmutable();
        return (_published, copies);
    }
}
