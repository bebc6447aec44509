using ComplianceKit.Access;
using Microsoft.AspNetCore.Http;

namespace ComplianceKit.AspNetCore.AccessTrail;

/// <summary>The PHI records the host's contexts touched during one request, kept as a feature of the request until recorded.</summary>
internal sealed class AccessTrailNotes
{
    private readonly List<(string Reference, AccessAction Action)> _items = [];

    /// <summary>The notes of <paramref name="http"/>, created on first use.</summary>
    public static AccessTrailNotes Of(HttpContext http)
    {
        var notes = http.Features.Get<AccessTrailNotes>();
        if (notes is null)
        {
            notes = new AccessTrailNotes();
            http.Features.Set(notes);
        }

        return notes;
    }

    public void Add(string reference, AccessAction action)
    {
        lock (_items)
        {
            _items.Add((reference, action));
        }
    }

    /// <summary>What was noted since the last call, each record and action once.</summary>
    public List<(string Reference, AccessAction Action)> Drain()
    {
        lock (_items)
        {
            var distinct = _items.Distinct().ToList();
            _items.Clear();
            return distinct;
        }
    }
}
