namespace ComplianceKit.Training;

/// <summary>The security awareness topics of 45 CFR 164.308(a)(5)(ii) a course covers.</summary>
public enum TrainingTopic
{
    /// <summary>Periodic security updates (164.308(a)(5)(ii)(A)).</summary>
    SecurityReminders = 0,

    /// <summary>Guarding against, detecting and reporting malicious software (164.308(a)(5)(ii)(B)).</summary>
    MaliciousSoftwareProtection = 1,

    /// <summary>Monitoring log-in attempts and reporting discrepancies (164.308(a)(5)(ii)(C)).</summary>
    LoginMonitoring = 2,

    /// <summary>Creating, changing and safeguarding passwords (164.308(a)(5)(ii)(D)).</summary>
    PasswordManagement = 3,
}
