using System.Collections.Immutable;
using ComplianceKit.Controls;

namespace ComplianceKit.Projection;

/// <summary>
/// The evidence requirements of <see cref="ComplianceProjector"/>'s controls: each control's list as last defined, and
/// every requirement as last published, ordered by control id (ordinal) and then as the control lists them, in a
/// persistent list. Publishing replaces only the ranges of the controls redefined since the last publish.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class ProjectedRequirements
{
    private readonly Dictionary<string, IReadOnlyList<ControlEvidenceRequirementRecord>> _byControl = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private ImmutableList<ControlEvidenceRequirementRecord> _published = [];

    /// <summary>Sets a control's requirements (a definition replaces the earlier ones).</summary>
    public void Set(string controlId, IReadOnlyList<ControlEvidenceRequirementRecord> requirements)
    {
        _byControl[controlId] = requirements;
        _changed.Add(controlId);
    }

    /// <summary>Publishes the changed controls' requirements and returns every requirement in order.</summary>
    public ImmutableList<ControlEvidenceRequirementRecord> Publish()
    {
        if (_published.IsEmpty)
        {
            _published = [.. _byControl.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value)];
        }
        else
        {
            foreach (var controlId in _changed)
            {
                var start = FirstIndexAtOrAfter(controlId, inclusive: true);
                var end = FirstIndexAtOrAfter(controlId, inclusive: false);
                _published = _published.RemoveRange(start, end - start).InsertRange(start, _byControl[controlId]);
            }
        }

        _changed.Clear();
        return _published;
    }

    /// <summary>The first index whose control id is at or after <paramref name="controlId"/> (or after it, when not inclusive).</summary>
    private int FirstIndexAtOrAfter(string controlId, bool inclusive)
    {
        int low = 0, high = _published.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_published[middle].ControlId, controlId);
            if (order < 0 || (order == 0 && !inclusive))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
