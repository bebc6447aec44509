using System.Runtime.InteropServices;
using System.Text;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// Tracks where a forward-only JSON reader is, so errors can name a JSONPath such as
/// <c>$.patient.contacts[2]['e-mail']</c>. Only formatted when an error is reported.
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly List<Frame> _frames = [];

    public bool InArray => _frames.Count > 0 && _frames[^1].IsArray;

    public void PushObject() => _frames.Add(new Frame(isArray: false));

    public void PushArray() => _frames.Add(new Frame(isArray: true));

    public void Pop() => _frames.RemoveAt(_frames.Count - 1);

    public void SetProperty(string? name) => CollectionsMarshal.AsSpan(_frames)[^1].Name = name;

    public void NextElement() => CollectionsMarshal.AsSpan(_frames)[^1].Index++;

    public override string ToString()
    {
        var path = new StringBuilder("$");
        foreach (Frame frame in _frames)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (!frame.IsArray && frame.Name is { } name)
            {
                AppendName(path, name);
            }
        }

        return path.ToString();
    }

    private static void AppendName(StringBuilder path, string name)
    {
        if (name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            path.Append('.').Append(name);
            return;
        }

        path.Append("['");
        foreach (char c in name)
        {
            if (c is '\'' or '\\')
            {
                path.Append('\\');
            }

            path.Append(c);
        }

        path.Append("']");
    }

    private struct Frame(bool isArray)
    {
        public readonly bool IsArray = isArray;
        public int Index = -1;
        public string? Name;
    }
}
