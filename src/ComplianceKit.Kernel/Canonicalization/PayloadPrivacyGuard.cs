using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// Refuses ledger payloads that look like they carry protected health information (PHI), so that an
/// audit trail meant to be kept for years does not become a second copy of patient data by accident.
/// </summary>
/// <remarks>
/// <para>
/// This is a guard against accidents, not a guarantee: it only recognizes common property names and
/// one value shape, and PHI under any other name or in free text passes. Log opaque references
/// (an internal record id) rather than the identifiers themselves.
/// </para>
/// <para>
/// Unless constructed with <c>allowPhi: true</c>, <see cref="EnsureNoPhi"/> rejects a payload when
/// any property name, at any depth, compared case-insensitively and ignoring <c>_</c>, <c>-</c> and
/// spaces (so <c>Date_Of_Birth</c>, <c>date-of-birth</c> and <c>dateOfBirth</c> are the same), is one
/// of the names below or one of them after a <c>patient</c>, <c>member</c>, <c>subscriber</c> or
/// <c>beneficiary</c> prefix (<c>patientPhone</c>); or when any string value or property name contains
/// a US Social Security number shape, three digits, two digits and four digits joined by hyphens
/// (<c>123-45-6789</c>) and not inside a longer run of digits.
/// </para>
/// <para>
/// Names, by HIPAA Safe Harbor identifier (45 CFR 164.514(b)(2)(i)):
/// (A) names: patientname, firstname, lastname, fullname, middlename, givenname, familyname, surname, maidenname, mothersmaidenname;
/// (B) geography smaller than a state: address, streetaddress, homeaddress, mailingaddress, addressline1, addressline2, street, zip, zipcode, postalcode;
/// (C) dates related to an individual: dateofbirth, dob, birthdate, birthday, dateofdeath, deathdate, admissiondate, dischargedate;
/// (D) telephone: phone, phonenumber, telephone, telephonenumber, mobile, mobilenumber, cellphone, homephone;
/// (E) fax: fax, faxnumber;
/// (F) email: email, emailaddress;
/// (G) SSN: ssn, socialsecuritynumber, socialsecurity;
/// (H) medical record numbers: mrn, medicalrecordnumber;
/// (I) health plan beneficiary numbers: healthplanbeneficiarynumber, insuranceid, insurancenumber, policynumber, subscriberid, medicareid, medicarenumber, medicaidid, medicaidnumber;
/// (J) account numbers: accountnumber, bankaccountnumber, creditcardnumber;
/// (K) certificate and license numbers: driverslicense, driverslicensenumber, driverlicensenumber, passportnumber;
/// (L) vehicle identifiers: vin, vehicleidentificationnumber, licenseplate, licenseplatenumber;
/// (P) biometrics: biometric, fingerprint, retinascan, voiceprint;
/// (Q) photographs: photo, photograph, facephoto;
/// and health information itself: diagnosis, diagnoses.
/// Identifiers (M) device serial numbers, (N) URLs, (O) IP addresses and (R) other unique numbers are
/// not matched by name, because audit events legitimately record workstation serials, request URLs,
/// client IP addresses and record ids; add names for them through the constructor where they are PHI.
/// </para>
/// <para>Instances are immutable and thread safe.</para>
/// </remarks>
public sealed partial class PayloadPrivacyGuard
{
    private readonly FrozenDictionary<string, string> _forbiddenNames;

    /// <summary>Creates a guard.</summary>
    /// <param name="allowPhi">
    /// <see langword="true"/> to turn every check off, for deployments whose ledger is itself covered
    /// for PHI (under a business associate agreement and the same safeguards as the clinical record).
    /// </param>
    /// <param name="additionalForbiddenNames">
    /// Further property names to reject, matched the same way as the built-in list (case and
    /// <c>_</c>, <c>-</c>, space insensitive), for example <c>"chartNumber"</c>.
    /// </param>
    public PayloadPrivacyGuard(bool allowPhi, IEnumerable<string>? additionalForbiddenNames = null)
    {
        AllowPhi = allowPhi;
        if (additionalForbiddenNames is null)
        {
            _forbiddenNames = PhiIdentifierNames.Default;
            return;
        }

        var names = new Dictionary<string, string>(PhiIdentifierNames.Default, StringComparer.Ordinal);
        foreach (string name in additionalForbiddenNames)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(additionalForbiddenNames));
            names.TryAdd(PhiIdentifierNames.Normalize(name), PhiIdentifierNames.Configured);
        }

        _forbiddenNames = names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether this guard lets every payload through.</summary>
    public bool AllowPhi { get; }

    /// <summary>Scans a JSON payload and throws if it appears to contain PHI; does nothing when <see cref="AllowPhi"/> is set.</summary>
    /// <param name="utf8Json">The payload, canonical or not, UTF-8 encoded.</param>
    /// <exception cref="PhiDetectedException">A forbidden property name or an SSN-shaped string was found; the message names its JSONPath but not the value.</exception>
    /// <exception cref="JsonCanonicalizationException">The payload is not well-formed JSON.</exception>
    public void EnsureNoPhi(ReadOnlySpan<byte> utf8Json)
    {
        if (AllowPhi)
        {
            return;
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = JsonCanonicalizer.MaxDepth });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                Inspect(ref reader, path);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new JsonCanonicalizationException($"The payload is not well-formed JSON (near {path}): {ex.Message}", path.ToString(), null, ex);
        }
    }

    private void Inspect(ref Utf8JsonReader reader, JsonPathTracker path)
    {
        if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            path.Pop();
            return;
        }

        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            path.SetProperty(name);
            if (IsForbiddenName(name, out string? identifier))
            {
                throw new PhiDetectedException(
                    $"The payload property {path} is named like a HIPAA identifier ({identifier}). Log an opaque reference instead, or construct the guard with allowPhi: true where the ledger is covered for PHI.",
                    path.ToString());
            }

            ThrowIfSsnShaped(name, path, "property name");
            return;
        }

        if (path.InArray)
        {
            path.NextElement();
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: path.PushObject(); break;
            case JsonTokenType.StartArray: path.PushArray(); break;
            case JsonTokenType.String: ThrowIfSsnShaped(reader.GetString()!, path, "string"); break;
            default: break;
        }
    }

    private bool IsForbiddenName(string name, out string? identifier)
    {
        string normalized = PhiIdentifierNames.Normalize(name);
        if (_forbiddenNames.TryGetValue(normalized, out identifier))
        {
            return true;
        }

        foreach (string prefix in PhiIdentifierNames.SubjectPrefixes)
        {
            if (normalized.Length > prefix.Length
                && normalized.StartsWith(prefix, StringComparison.Ordinal)
                && _forbiddenNames.TryGetValue(normalized[prefix.Length..], out identifier))
            {
                return true;
            }
        }

        return false;
    }

    private static void ThrowIfSsnShaped(string text, JsonPathTracker path, string what)
    {
        if (text.Length >= 11 && SsnShape().IsMatch(text))
        {
            throw new PhiDetectedException(
                $"The payload {what} at {path} contains a value shaped like a US Social Security number (ddd-dd-dddd). Remove it or log an opaque reference instead.",
                path.ToString());
        }
    }

    [GeneratedRegex("(?<![0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SsnShape();
}
