using System.Globalization;
using System.Text;

namespace ComplianceKit.Pkcs11;

/// <summary>
/// An RFC 7512 <c>pkcs11:</c> URI that selects a token and a private key on it, parsed strictly: an unknown, vendor
/// (<c>x-</c>) or repeated attribute, a character outside the RFC's grammar, a bad percent-encoding or a malformed
/// <c>slot-id</c> / <c>library-version</c> is refused with a <see cref="FormatException"/> naming it.
/// </summary>
/// <remarks>
/// <para>Path attributes: <c>token</c>, <c>manufacturer</c>, <c>serial</c>, <c>model</c> (the token),
/// <c>library-manufacturer</c>, <c>library-description</c>, <c>library-version</c> (the module),
/// <c>slot-description</c>, <c>slot-manufacturer</c>, <c>slot-id</c> (the slot), <c>object</c> (the label),
/// <c>id</c> (the CKA_ID bytes, percent-encoded) and <c>type</c> (<c>private</c> or <c>cert</c>: both name the key
/// pair, whose private key signs and whose certificate, same id or label, is read from the token).
/// Query attributes: <c>module-path</c> and <c>module-name</c>.</para>
/// <para><c>pin-value</c> and <c>pin-source</c> are refused on purpose: a URI is shown in logs, process lists and
/// shell history, so the PIN comes from configuration or an environment variable (<see cref="Pkcs11SignerOptions"/>).</para>
/// <para>Attribute values are compared with the token's fields after removing the trailing blanks PKCS #11 pads them
/// with. <see cref="ToString"/> returns the URI as given; it never holds a PIN.</para>
/// </remarks>
public sealed class Pkcs11Uri
{
    private const string Scheme = "pkcs11:";
    private const string Unreserved = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    private const string ReservedAvailable = ":[]@!$'()*+,=";
    private static readonly string[] PathNames =
    [
        "token", "manufacturer", "serial", "model", "library-manufacturer", "library-description", "library-version",
        "object", "type", "id", "slot-manufacturer", "slot-description", "slot-id",
    ];

    private readonly string text;
    private readonly Dictionary<string, byte[]> path;
    private readonly Dictionary<string, byte[]> query;
    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);

    private Pkcs11Uri(string text, Dictionary<string, byte[]> path, Dictionary<string, byte[]> query)
    {
        this.text = text;
        this.path = path;
        this.query = query;
        foreach (var (name, value) in path.Where(a => a.Key != "id").Concat(query))
        {
            texts[name] = Decode(value, name);
        }

        SlotId = path.TryGetValue("slot-id", out var slot) ? ParseSlotId(slot) : null;
        LibraryVersion = path.TryGetValue("library-version", out var version) ? ParseVersion(version) : null;
        Type = Text("type");
        if (Type is not (null or "private" or "cert"))
        {
            throw new FormatException($"The pkcs11: URI has type={Type}; a signer needs a key pair: type=private, type=cert or no type.");
        }
    }

    /// <summary>The token label (CKA token info <c>label</c>), or <see langword="null"/> for any.</summary>
    public string? Token => Text("token");

    /// <summary>The token manufacturer id, or <see langword="null"/> for any.</summary>
    public string? Manufacturer => Text("manufacturer");

    /// <summary>The token serial number, or <see langword="null"/> for any.</summary>
    public string? Serial => Text("serial");

    /// <summary>The token model, or <see langword="null"/> for any.</summary>
    public string? Model => Text("model");

    /// <summary>The module's manufacturer id, or <see langword="null"/> for any.</summary>
    public string? LibraryManufacturer => Text("library-manufacturer");

    /// <summary>The module's description, or <see langword="null"/> for any.</summary>
    public string? LibraryDescription => Text("library-description");

    /// <summary>The module's version as major.minor (a bare major means minor 0), or <see langword="null"/> for any.</summary>
    public Version? LibraryVersion { get; }

    /// <summary>The slot description, or <see langword="null"/> for any.</summary>
    public string? SlotDescription => Text("slot-description");

    /// <summary>The slot manufacturer id, or <see langword="null"/> for any.</summary>
    public string? SlotManufacturer => Text("slot-manufacturer");

    /// <summary>The slot id (a decimal number in the URI), or <see langword="null"/> for any.</summary>
    public ulong? SlotId { get; }

    /// <summary>The object label (CKA_LABEL) of the key pair, or <see langword="null"/> for any.</summary>
    public string? ObjectLabel => Text("object");

    /// <summary>The object id (CKA_ID) of the key pair, or <see langword="null"/> for any.</summary>
    public ReadOnlyMemory<byte>? Id => path.TryGetValue("id", out var id) ? (ReadOnlyMemory<byte>?)id : null;

    /// <summary><c>private</c>, <c>cert</c>, or <see langword="null"/>: which object of the pair the URI names.</summary>
    public string? Type { get; }

    /// <summary>The <c>module-path</c> query attribute: the PKCS #11 module to load, or <see langword="null"/>.</summary>
    public string? ModulePath => Text("module-path");

    /// <summary>The <c>module-name</c> query attribute (informative; the module is loaded by path), or <see langword="null"/>.</summary>
    public string? ModuleName => Text("module-name");

    /// <summary>Parses <paramref name="uri"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    /// <exception cref="FormatException">The URI is not a strict RFC 7512 <c>pkcs11:</c> URI usable for signing; the message names the problem.</exception>
    public static Pkcs11Uri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("A PKCS #11 URI starts with 'pkcs11:' (RFC 7512), e.g. pkcs11:token=My%20Card;object=signing-key.");
        }

        var rest = uri[Scheme.Length..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var pathText = queryStart < 0 ? rest : rest[..queryStart];
        var queryText = queryStart < 0 ? null : rest[(queryStart + 1)..];
        var path = ReadAttributes(pathText, ';', "path", ReservedAvailable + "&", PathNames);
        var query = queryText is null ? [] : ReadAttributes(queryText, '&', "query", ReservedAvailable + "/?|", ["module-path", "module-name", "pin-source", "pin-value"]);
        if (query.ContainsKey("pin-value") || query.ContainsKey("pin-source"))
        {
            throw new FormatException("The pkcs11: URI carries a PIN attribute (pin-value or pin-source), which ComplianceKit refuses: a URI ends up in logs and shell history. " +
                "Give the PIN through configuration or an environment variable instead.");
        }

        return new Pkcs11Uri(uri, path, query);
    }

    /// <summary>The URI as given (it never holds a PIN: such URIs are refused).</summary>
    public override string ToString() => text;

    private string? Text(string name) => texts.GetValueOrDefault(name);

    private static Dictionary<string, byte[]> ReadAttributes(string component, char separator, string where, string allowed, string[] known)
    {
        var attributes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (component.Length == 0)
        {
            return attributes;
        }

        foreach (var attribute in component.Split(separator))
        {
            var equals = attribute.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"The pkcs11: URI's {where} has '{attribute}', which is not name=value.");
            }

            var name = attribute[..equals];
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new FormatException($"The pkcs11: URI's {where} has the attribute '{name}', which ComplianceKit does not know (known: {string.Join(", ", known)}).");
            }

            if (!attributes.TryAdd(name, Unescape(attribute[(equals + 1)..], name, allowed)))
            {
                throw new FormatException($"The pkcs11: URI names the attribute '{name}' twice.");
            }
        }

        return attributes;
    }

    private static byte[] Unescape(string value, string name, string allowed)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    throw new FormatException($"The pkcs11: URI's '{name}' has a '%' not followed by two hex digits.");
                }

                bytes.Add(b);
                i += 2;
            }
            else if (Unreserved.Contains(c, StringComparison.Ordinal) || allowed.Contains(c, StringComparison.Ordinal))
            {
                bytes.Add((byte)c);
            }
            else
            {
                throw new FormatException($"The pkcs11: URI's '{name}' has the character '{c}', which must be percent-encoded (RFC 7512).");
            }
        }

        return [.. bytes];
    }

    private static string Decode(byte[] value, string name)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(value);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"The pkcs11: URI's '{name}' is not UTF-8 once percent-decoded.");
        }
    }

    private static ulong ParseSlotId(byte[] value) =>
        value.Length > 0 && value.All(b => char.IsAsciiDigit((char)b)) && ulong.TryParse(Encoding.ASCII.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FormatException("The pkcs11: URI's 'slot-id' is not a decimal number.");

    private static Version ParseVersion(byte[] value)
    {
        var parts = Encoding.ASCII.GetString(value).Split('.');
        return parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit) && byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? new Version(int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0)
            : throw new FormatException("The pkcs11: URI's 'library-version' is not M or M.N (decimal numbers up to 255).");
    }
}
