using System.Collections.Frozen;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// Property names that usually carry one of the 18 HIPAA Safe Harbor identifiers
/// (45 CFR 164.514(b)(2)(i)), normalized as <see cref="Normalize"/> does, each mapped to its identifier.
/// </summary>
internal static class PhiIdentifierNames
{
    public const string Configured = "a name configured as forbidden";

    /// <summary>Prefixes under which a listed name is still PHI: <c>patientPhone</c>, <c>member_dob</c>.</summary>
    public static readonly string[] SubjectPrefixes = ["patient", "member", "subscriber", "beneficiary"];

    public static readonly FrozenDictionary<string, string> Default = Build();

    /// <summary>Lowercases (invariant) and drops <c>_</c>, <c>-</c> and spaces: <c>Date_Of-Birth</c> becomes <c>dateofbirth</c>.</summary>
    public static string Normalize(string name)
    {
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        int length = 0;
        foreach (char c in name)
        {
            if (c is not ('_' or '-' or ' '))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    private static FrozenDictionary<string, string> Build()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(names, "(A) names", "patientname", "firstname", "lastname", "fullname", "middlename", "givenname", "familyname", "surname", "maidenname", "mothersmaidenname");
        Add(names, "(B) geographic subdivisions smaller than a state", "address", "streetaddress", "homeaddress", "mailingaddress", "addressline1", "addressline2", "street", "zip", "zipcode", "postalcode");
        Add(names, "(C) dates directly related to an individual", "dateofbirth", "dob", "birthdate", "birthday", "dateofdeath", "deathdate", "admissiondate", "dischargedate");
        Add(names, "(D) telephone numbers", "phone", "phonenumber", "telephone", "telephonenumber", "mobile", "mobilenumber", "cellphone", "homephone");
        Add(names, "(E) fax numbers", "fax", "faxnumber");
        Add(names, "(F) email addresses", "email", "emailaddress");
        Add(names, "(G) social security numbers", "ssn", "socialsecuritynumber", "socialsecurity");
        Add(names, "(H) medical record numbers", "mrn", "medicalrecordnumber");
        Add(names, "(I) health plan beneficiary numbers", "healthplanbeneficiarynumber", "insuranceid", "insurancenumber", "policynumber", "subscriberid", "medicareid", "medicarenumber", "medicaidid", "medicaidnumber");
        Add(names, "(J) account numbers", "accountnumber", "bankaccountnumber", "creditcardnumber");
        Add(names, "(K) certificate or license numbers", "driverslicense", "driverslicensenumber", "driverlicensenumber", "passportnumber");
        Add(names, "(L) vehicle identifiers", "vin", "vehicleidentificationnumber", "licenseplate", "licenseplatenumber");
        Add(names, "(P) biometric identifiers", "biometric", "fingerprint", "retinascan", "voiceprint");
        Add(names, "(Q) full-face photographs", "photo", "photograph", "facephoto");
        Add(names, "health information about an individual", "diagnosis", "diagnoses");
        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, string> names, string identifier, params string[] normalizedNames)
    {
        foreach (string name in normalizedNames)
        {
            names.Add(name, identifier);
        }
    }
}
