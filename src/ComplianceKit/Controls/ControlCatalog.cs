using System.Text.Json;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;

namespace ComplianceKit.Controls;

/// <summary>
/// A set of control definitions loaded from a JSON catalog file (format in docs/CATALOG.md). The library
/// ships <see cref="HipaaSecurityRule"/>; hosts load their own with <see cref="Load(Stream)"/> or
/// <see cref="LoadFile"/>. Immutable and thread-safe once loaded.
/// </summary>
public sealed class ControlCatalog
{
    /// <summary>The catalog format identifier every file must name in <c>format</c>.</summary>
    public const string FormatType = "compliancekit.catalog/v1";

    private const string HipaaResource = "ComplianceKit.Controls.Catalogs.hipaa-security-rule.json";

    private ControlCatalog(string id, string title, string version, IReadOnlyList<ControlDefinition> controls)
    {
        Id = id;
        Title = title;
        Version = version;
        Controls = controls;
    }

    /// <summary>The catalog's id, for example <c>hipaa-security-rule</c>; controls record <c>catalog:&lt;id&gt;</c> as their source.</summary>
    public string Id { get; }

    /// <summary>A title people read.</summary>
    public string Title { get; }

    /// <summary>The catalog's own version.</summary>
    public string Version { get; }

    /// <summary>The controls, in file order.</summary>
    public IReadOnlyList<ControlDefinition> Controls { get; }

    /// <summary>
    /// The starter catalog of the HIPAA Security Rule (45 CFR 164.308, 164.310, 164.312, 164.314, 164.316):
    /// administrative, physical and technical safeguards with their implementation specifications, in our own words.
    /// A starting point to review with counsel, not legal advice.
    /// </summary>
    public static ControlCatalog HipaaSecurityRule()
    {
        using var stream = typeof(ControlCatalog).Assembly.GetManifestResourceStream(HipaaResource)
            ?? throw new InvalidOperationException($"The embedded resource {HipaaResource} is missing from the build.");
        return Load(stream);
    }

    /// <summary>The largest catalog accepted, in bytes (the embedded HIPAA catalog is about 26 KB).</summary>
    public const int MaxLength = 8 * 1024 * 1024;

    /// <summary>Loads a catalog file, refused before it is read when longer than <see cref="MaxLength"/>.</summary>
    /// <exception cref="FormatException">The file is not a valid catalog, or is too large; the message says where or names the limit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ControlCatalog LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        if (stream.CanSeek && stream.Length > MaxLength)
        {
            throw new FormatException($"The catalog is {stream.Length:N0} bytes; the limit is {MaxLength:N0} bytes.");
        }

        return Load(stream);
    }

    /// <summary>
    /// Loads a catalog from strict UTF-8 JSON (no invalid UTF-8, lone surrogate escapes or duplicate keys), reading at most
    /// <see cref="MaxLength"/> bytes, so memory stays bounded whatever the stream holds.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a valid catalog: too large, wrong format, missing fields, duplicate ids, invalid evidence requirements.</exception>
    public static ControlCatalog Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var utf8 = ReadCapped(stream);
        CatalogFile file;
        try
        {
            JsonCanonicalizer.ParseStrict(utf8, "the catalog").Dispose();
            file = PayloadCodec.Decode<CatalogFile>(utf8.Span, "catalog");
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new FormatException($"The catalog is not valid JSON in the catalog format: {ex.Message}", ex);
        }

        if (file.Format != FormatType)
        {
            throw new FormatException($"The catalog's format is '{file.Format}', expected '{FormatType}'.");
        }

        if (string.IsNullOrWhiteSpace(file.Id) || file.Id.Any(char.IsWhiteSpace))
        {
            throw new FormatException("The catalog needs an id without spaces.");
        }

        // JSON null satisfies "required" but not the model: refused here rather than failing later.
        if (file.Controls is null || file.Controls.Any(c => c is null))
        {
            throw new FormatException($"Catalog '{file.Id}' needs a controls array of objects.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var controls = new List<ControlDefinition>(file.Controls.Count);
        foreach (var control in file.Controls)
        {
            try
            {
                control.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"Catalog '{file.Id}', control #{controls.Count + 1}: {ex.Message}", ex);
            }

            if (!ids.Add(control.Id))
            {
                throw new FormatException($"Catalog '{file.Id}' defines control '{control.Id}' twice.");
            }

            controls.Add(control with { Source = control.Source ?? $"catalog:{file.Id}" });
        }

        return new ControlCatalog(file.Id, file.Title ?? file.Id, file.Version ?? "", controls);
    }

    /// <summary>The drafts that define every control of the catalog, for one append.</summary>
    public IReadOnlyList<EntryDraft> ToDrafts(string actor) => Controls.Select(c => c.ToDraft(actor)).ToList();

    private sealed record CatalogFile
    {
        public required string Format { get; init; }

        public required string Id { get; init; }

        public string? Title { get; init; }

        public string? Version { get; init; }

        public required IReadOnlyList<ControlDefinition> Controls { get; init; }
    }

    private static ReadOnlyMemory<byte> ReadCapped(Stream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxLength)
            {
                throw new FormatException($"The catalog is larger than the limit of {MaxLength:N0} bytes.");
            }
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
