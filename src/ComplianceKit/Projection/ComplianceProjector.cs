using System.Collections.Immutable;
using ComplianceKit.Domain;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Projection;

/// <summary>
/// Builds the queryable compliance state of one chain from its entries, pure: feed it the chain's entries in
/// sequence order, then <see cref="Complete"/>. Entries of other types are ignored; an entry that cannot be applied
/// as written becomes a <see cref="ProjectionIssue"/> and changes nothing. The rules are in docs/FORMAT.md, section 11.
/// </summary>
/// <remarks>Not thread-safe. Memory grows with the number of domain objects, not with the number of entries.</remarks>
public sealed class ComplianceProjector
{
    private static readonly HashSet<string> Types = new(ComplianceEntryTypes.All, StringComparer.Ordinal);
    private readonly string _chainId;
    private readonly ProjectedTable<ControlRecord> _controls = new(c => c.ControlId, c => c.Copy());
    private readonly ProjectedRequirements _requirements = new();
    private readonly ProjectedTable<EvidenceRecord> _evidence = new(e => e.EvidenceId, e => e.Copy());
    private readonly ProjectedTable<VendorRecord> _vendors = new(v => v.VendorId, v => v.Copy());
    private readonly ProjectedTable<BaaRecord> _baas = new(b => b.BaaId, b => b.Copy());
    private readonly ProjectedTable<WorkforceMemberRecord> _members = new(m => m.PersonId, m => m.Copy());
    private readonly ProjectedTable<TrainingRecord> _training = new(t => t.AssignmentId, t => t.Copy());
    private readonly Dictionary<string, List<string>> _agreementsByVendor = new(StringComparer.Ordinal); // in the order agreements appeared
    private readonly Dictionary<string, List<string>> _assignmentsByPerson = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<EvidenceRecord>> _orphansByControl = new(StringComparer.Ordinal); // evidence naming a control not (yet) defined
    private readonly List<ProjectionIssue> _issues = [];
    private readonly SharedStrings _strings = new(); // repetitive column values: one object each while every row is live
    private ImmutableList<ProjectionIssue> _publishedIssues = [];
    private ComplianceSnapshot? _completed; // the rows as last completed, reused while no domain entry is applied
    private bool _published; // a snapshot holds copies of the rows: a final completion must copy too, to link them alike
    private bool _released; // a final snapshot holds the rows themselves: the projector is done

    /// <summary>Creates a projector for one chain.</summary>
    public ComplianceProjector(string chainId)
    {
        LedgerLimits.ValidateChainId(chainId);
        _chainId = chainId;
    }

    /// <summary>How many domain entries were read (applied or reported as issues).</summary>
    public long EntriesRead { get; private set; }

    /// <summary>Applies one entry; entries of other types or chains are ignored.</summary>
    public void Apply(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ThrowIfReleased();
        if (!Types.Contains(entry.EntryType) || entry.ChainId != _chainId)
        {
            return;
        }

        EntriesRead++;
        _completed = null;
        try
        {
            var problem = Dispatch(entry);
            if (problem is not null)
            {
                _issues.Add(new ProjectionIssue(entry.Sequence, entry.EntryType, problem));
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            _issues.Add(new ProjectionIssue(entry.Sequence, entry.EntryType, ex.Message));
        }
    }

    /// <summary>
    /// Returns the state so far, with vendors linked to agreements and people to assignments. The snapshot holds copies of
    /// the projector's rows, so the projector may go on applying entries (an incremental projection) and complete again
    /// without changing a snapshot it returned before. Only rows changed since the last completion are copied again
    /// (with the rows linked to them), into persistent sorted lists shared with the previous snapshot: the cost follows
    /// the entries applied since, not the number of rows.
    /// </summary>
    /// <param name="ledgerSize">The chain size the entries came from.</param>
    /// <param name="ledgerRoot">The chain's Merkle root at that size.</param>
    /// <exception cref="InvalidOperationException"><see cref="CompleteAndRelease"/> was called.</exception>
    public ComplianceSnapshot Complete(long ledgerSize, ReadOnlyMemory<byte> ledgerRoot)
    {
        ThrowIfReleased();
        _published = true;
        if (_completed is { } rows)
        {
            // Only entries of other types (access events, approvals) since: the same rows at the new size.
            return _completed = rows.At(ledgerSize, ledgerRoot.ToArray());
        }

        var (vendors, baas) = PublishLinked(_vendors, _baas, _agreementsByVendor, b => b.VendorId, LinkAgreement);
        var (members, training) = PublishLinked(_members, _training, _assignmentsByPerson, t => t.PersonId, LinkAssignment);
        return _completed = new ComplianceSnapshot(_chainId, ledgerSize, ledgerRoot.ToArray(), EntriesRead,
            _controls.Publish().Rows, _requirements.Publish(), _evidence.Publish().Rows, vendors, baas, members, training, PublishIssues());
    }

    /// <summary>
    /// Returns the final state, as <see cref="Complete"/> does, for a projector that is dropped afterwards (a rebuild):
    /// the snapshot takes the projector's rows themselves, linked and in key order, instead of copies, so a rebuild does not
    /// hold every row twice. The projector cannot be used after it. A projector that completed before copies, as
    /// <see cref="Complete"/> does, so every row of the snapshot is linked to rows of the same snapshot.
    /// </summary>
    /// <param name="ledgerSize">The chain size the entries came from.</param>
    /// <param name="ledgerRoot">The chain's Merkle root at that size.</param>
    /// <exception cref="InvalidOperationException">The projector was already released.</exception>
    public ComplianceSnapshot CompleteAndRelease(long ledgerSize, ReadOnlyMemory<byte> ledgerRoot)
    {
        if (_published)
        {
            var copied = Complete(ledgerSize, ledgerRoot);
            _released = true;
            return copied;
        }

        ThrowIfReleased();
        _released = true;
        LinkLive(_vendors, _baas, _agreementsByVendor, LinkAgreement);
        LinkLive(_members, _training, _assignmentsByPerson, LinkAssignment);
        return new ComplianceSnapshot(_chainId, ledgerSize, ledgerRoot.ToArray(), EntriesRead, _controls.ReleaseRows(), _requirements.Publish(),
            _evidence.ReleaseRows(), _vendors.ReleaseRows(), _baas.ReleaseRows(), _members.ReleaseRows(), _training.ReleaseRows(), PublishIssues());
    }

    private static void LinkAgreement(VendorRecord vendor, BaaRecord baa)
    {
        baa.Vendor = vendor;
        vendor.Agreements.Add(baa);
    }

    private static void LinkAssignment(WorkforceMemberRecord member, TrainingRecord record)
    {
        record.Member = member;
        member.Assignments.Add(record);
    }

    /// <summary>Links the live parents to their live children, in the order the children appeared (as <see cref="PublishLinked"/> links copies).</summary>
    private static void LinkLive<TParent, TChild>(ProjectedTable<TParent> parents, ProjectedTable<TChild> children, Dictionary<string, List<string>> childrenOf,
        Action<TParent, TChild> link)
        where TParent : class
        where TChild : class
    {
        foreach (var (parentId, childIds) in childrenOf)
        {
            var parent = parents[parentId];
            foreach (var childId in childIds)
            {
                link(parent, children[childId]);
            }
        }
    }

    private void ThrowIfReleased()
    {
        if (_released)
        {
            throw new InvalidOperationException("The projector was released by CompleteAndRelease: its rows belong to the snapshot it returned.");
        }
    }

    /// <summary>
    /// Publishes a parent table and its children with fresh links: a changed child is linked to a new copy of its parent,
    /// and a new parent copy to new copies of all its children (in the order they appeared), so no published row ever
    /// points at a row of another snapshot.
    /// </summary>
    private static (ImmutableList<TParent> Parents, ImmutableList<TChild> Children) PublishLinked<TParent, TChild>(
        ProjectedTable<TParent> parents, ProjectedTable<TChild> children, Dictionary<string, List<string>> childrenOf,
        Func<TChild, string> parentOf, Action<TParent, TChild> link)
        where TParent : class
        where TChild : class
    {
        foreach (var childId in children.Changed)
        {
            parents.MarkChanged(parentOf(children[childId]));
        }

        foreach (var parentId in parents.Changed)
        {
            foreach (var childId in childrenOf.GetValueOrDefault(parentId) ?? [])
            {
                children.MarkChanged(childId);
            }
        }

        var (parentRows, parentCopies) = parents.Publish();
        var (childRows, childCopies) = children.Publish();
        foreach (var (parentId, parent) in parentCopies)
        {
            foreach (var childId in childrenOf.GetValueOrDefault(parentId) ?? [])
            {
                link(parent, childCopies[childId]);
            }
        }

        return (parentRows, childRows);
    }

    /// <summary>The issues in sequence order: those applying entries raised, and evidence whose control is never defined.</summary>
    private ImmutableList<ProjectionIssue> PublishIssues()
    {
        _publishedIssues = _publishedIssues.AddRange(_issues.Skip(_publishedIssues.Count)); // entries are applied in sequence order
        if (_orphansByControl.Count == 0)
        {
            return _publishedIssues;
        }

        var orphans = _orphansByControl.Values.SelectMany(e => e)
            .Select(e => new ProjectionIssue(e.Sequence, EvidenceEntryTypes.Attached, $"evidence {e.EvidenceId} names control '{e.ControlId}', which is never defined"));
        return [.. _publishedIssues.Concat(orphans).OrderBy(i => i.Sequence)];
    }

    private string? Dispatch(LedgerEntry entry) => entry.EntryType switch
    {
        ControlEntryTypes.Defined => DefineControl(entry, ControlDefinition.FromEntry(entry)),
        ControlEntryTypes.DecisionRecorded => Decide(entry, AddressableDecision.FromEntry(entry)),
        EvidenceEntryTypes.Attached => Attach(entry),
        EvidenceEntryTypes.Withdrawn => Withdraw(entry, EvidenceWithdrawal.FromEntry(entry)),
        BaaEntryTypes.VendorRegistered => RegisterVendor(entry, VendorRegistration.FromEntry(entry)),
        BaaEntryTypes.Drafted => Agreement(entry, BusinessAssociateAgreement.FromEntry(entry), executed: false),
        BaaEntryTypes.Executed => Agreement(entry, BusinessAssociateAgreement.FromEntry(entry), executed: true),
        BaaEntryTypes.Terminated => Terminate(entry, BaaTermination.FromEntry(entry)),
        BaaEntryTypes.DispositionRecorded => Dispose(entry, PhiDispositionRecord.FromEntry(entry)),
        TrainingEntryTypes.MemberJoined => Join(entry, WorkforceMembership.FromEntry(entry)),
        TrainingEntryTypes.MemberLeft => Leave(entry, WorkforceDeparture.FromEntry(entry)),
        TrainingEntryTypes.Assigned => Assign(entry, TrainingAssignment.FromEntry(entry)),
        TrainingEntryTypes.Completed => CompleteTraining(entry, TrainingCompletion.FromEntry(entry)),
        TrainingEntryTypes.Waived => Waive(entry, TrainingWaiver.FromEntry(entry)),
        ChecklistImportSummary.EntryType => StartImport(entry, ChecklistImportSummary.FromEntry(entry)),
        _ => null,
    };

    private string? DefineControl(LedgerEntry entry, ControlDefinition definition)
    {
        definition.Validate();
        if (!_controls.TryGetToChange(definition.Id, out var control))
        {
            control = _controls.Add(new ControlRecord { ChainId = _chainId, ControlId = definition.Id, Title = definition.Title });
            _orphansByControl.Remove(definition.Id);
        }

        control.Title = definition.Title;
        control.Description = definition.Description;
        control.FrameworkReference = definition.FrameworkReference;
        control.Category = definition.Category;
        control.Requirement = definition.Requirement;
        control.Criticality = definition.Criticality;
        control.OwnerRole = definition.OwnerRole;
        control.Source = definition.Source;
        control.DefinedSequence = entry.Sequence;
        control.DefinedAt = entry.RecordedAt;
        control.RetiredSequence = null;
        _requirements.Set(definition.Id, definition.Evidence
            .Select(r => new ControlEvidenceRequirementRecord { ChainId = _chainId, ControlId = definition.Id, Kind = r.Kind, FreshnessDays = r.FreshnessDays })
            .OrderBy(r => r.Kind, StringComparer.Ordinal)
            .ToList());
        return null;
    }

    private string? Decide(LedgerEntry entry, AddressableDecision decision)
    {
        if (!_controls.TryGetToChange(decision.ControlId, out var control))
        {
            return $"a decision on control '{decision.ControlId}', which is not defined; ignored";
        }

        if (control.Requirement != ImplementationRequirement.Addressable)
        {
            return $"control '{decision.ControlId}' is required, not addressable: a decision cannot stand in for it; ignored";
        }

        DomainText.RequireText(decision.Rationale, nameof(decision.Rationale));
        control.DecisionOutcome = decision.Outcome;
        control.DecisionRationale = decision.Rationale;
        control.AlternativeMeasure = decision.AlternativeMeasure;
        control.DecidedBy = decision.DecidedBy;
        control.DecidedAt = decision.DecidedAt;
        control.DecisionSequence = entry.Sequence;
        return null;
    }

    private string? Attach(LedgerEntry entry)
    {
        var (statement, signed, signature) = EvidenceStatement.Read(entry);
        statement.Validate();
        if (_evidence.ContainsKey(statement.EvidenceId))
        {
            return $"evidence id '{statement.EvidenceId}' was used before; this attachment is ignored";
        }

        var evidence = _evidence.Add(new EvidenceRecord
        {
            ChainId = _chainId,
            EvidenceId = statement.EvidenceId,
            ControlId = _controls.TryGet(statement.ControlId, out var control) ? control.ControlId : _strings.Share(statement.ControlId),
            Kind = _strings.Share(statement.Kind),
            Assurance = statement.SelfAttested ? EvidenceAssurance.SelfAttested : signature is null ? EvidenceAssurance.Documented : EvidenceAssurance.SignedArtifact,
            ArtifactSha256 = statement.ArtifactSha256,
            MediaType = _strings.Share(statement.MediaType),
            FileName = statement.FileName,
            Uri = statement.Uri?.OriginalString,
            CollectedAt = statement.CollectedAt,
            EffectiveAt = statement.Effective,
            ValidUntil = statement.ValidUntil,
            CollectedBy = _strings.Share(statement.CollectedBy),
            Source = _strings.Share(statement.Source),
            Note = statement.Note,
            SignedStatement = signed,
            Signature = signature,
            Sequence = entry.Sequence,
            RecordedAt = entry.RecordedAt,
        });
        if (!_controls.ContainsKey(evidence.ControlId))
        {
            Orphans(evidence.ControlId).Add(evidence);
        }

        return null;
    }

    private string? Withdraw(LedgerEntry entry, EvidenceWithdrawal withdrawal)
    {
        if (!_evidence.TryGetToChange(withdrawal.EvidenceId, out var evidence))
        {
            return $"withdraws evidence '{withdrawal.EvidenceId}', which was never attached; ignored";
        }

        if (evidence.WithdrawnAt is null)
        {
            evidence.WithdrawnAt = entry.RecordedAt;
            evidence.WithdrawnSequence = entry.Sequence;
            evidence.WithdrawalReason = withdrawal.Reason;
        }

        return null;
    }

    private string? RegisterVendor(LedgerEntry entry, VendorRegistration registration)
    {
        DomainText.RequireId(registration.VendorId, nameof(registration.VendorId));
        var vendor = VendorFor(registration.VendorId, entry);
        _vendors.MarkChanged(registration.VendorId);
        vendor.Name = registration.Name;
        vendor.Services = registration.Services.ToList();
        vendor.HandlesPhi = registration.HandlesPhi;
        vendor.Registered = true;
        vendor.Sequence = entry.Sequence;
        return null;
    }

    private string? Agreement(LedgerEntry entry, BusinessAssociateAgreement terms, bool executed)
    {
        terms.Validate(executed);
        if (_baas.TryGetToChange(terms.BaaId, out var baa))
        {
            if (!executed && baa.ExecutedSequence is not null)
            {
                return $"agreement '{terms.BaaId}' is already executed; a later draft does not change it (draft a new agreement id); ignored";
            }

            if (baa.VendorId != terms.VendorId)
            {
                return $"agreement '{terms.BaaId}' belongs to vendor '{baa.VendorId}', not '{terms.VendorId}'; ignored";
            }
        }
        else
        {
            VendorFor(terms.VendorId, entry);
            baa = _baas.Add(new BaaRecord { ChainId = _chainId, BaaId = terms.BaaId, VendorId = terms.VendorId });
            ChildrenOf(_agreementsByVendor, terms.VendorId).Add(terms.BaaId);
        }

        baa.ParentBaaId = terms.ParentBaaId;
        baa.Services = terms.Services.ToList();
        baa.PhiCategories = terms.PhiCategories.ToList();
        baa.PermittedUses = terms.PermittedUses.ToList();
        baa.EffectiveAt = terms.EffectiveAt;
        baa.ExpiresAt = terms.ExpiresAt;
        baa.AutoRenew = terms.AutoRenew;
        baa.DocumentSha256 = terms.DocumentSha256;
        baa.Signatories = terms.Signatories.ToList();
        baa.Clauses = terms.Clauses.ToList();
        baa.Sequence = entry.Sequence;
        if (executed)
        {
            baa.ExecutedAt = terms.ExecutedAt;
            baa.ExecutionRecordedAt ??= entry.RecordedAt;
            baa.ExecutedSequence = entry.Sequence;
        }
        else
        {
            baa.DraftedAt ??= entry.RecordedAt;
        }

        return null;
    }

    private string? Terminate(LedgerEntry entry, BaaTermination termination)
    {
        if (!_baas.TryGetToChange(termination.BaaId, out var baa) || baa.ExecutedSequence is null)
        {
            return $"terminates agreement '{termination.BaaId}', which was never executed; ignored";
        }

        baa.TerminatedAt = termination.TerminatedAt;
        baa.TerminationReason = termination.Reason;
        baa.Sequence = entry.Sequence;
        return null;
    }

    private string? Dispose(LedgerEntry entry, PhiDispositionRecord disposition)
    {
        if (!_baas.TryGetToChange(disposition.BaaId, out var baa))
        {
            return $"records the PHI disposition of agreement '{disposition.BaaId}', which was never recorded; ignored";
        }

        DomainText.RequireSha256(disposition.EvidenceSha256, nameof(disposition.EvidenceSha256), required: true);
        baa.Disposition = disposition.Disposition;
        baa.DispositionEvidenceSha256 = disposition.EvidenceSha256;
        baa.DispositionCompletedAt = disposition.CompletedAt;
        baa.Sequence = entry.Sequence;
        return null;
    }

    private string? Join(LedgerEntry entry, WorkforceMembership membership)
    {
        DomainText.RequireId(membership.PersonId, nameof(membership.PersonId));
        var member = MemberFor(membership.PersonId, membership.JoinedAt);
        _members.MarkChanged(membership.PersonId);
        if (!member.Registered || member.LeftAt is not null)
        {
            member.JoinedAt = membership.JoinedAt;
            member.LeftAt = null;
        }

        member.Category = membership.Category;
        member.Role = membership.Role;
        member.Registered = true;
        member.Sequence = entry.Sequence;
        return null;
    }

    private string? Leave(LedgerEntry entry, WorkforceDeparture departure)
    {
        if (!_members.TryGetToChange(departure.PersonId, out var member))
        {
            return $"person '{departure.PersonId}' leaves but never joined; ignored";
        }

        member.LeftAt = departure.LeftAt;
        member.Sequence = entry.Sequence;
        return null;
    }

    private string? Assign(LedgerEntry entry, TrainingAssignment assignment)
    {
        assignment.Validate();
        if (_training.TryGetToChange(assignment.AssignmentId, out var record))
        {
            if (record.PersonId != assignment.PersonId)
            {
                return $"assignment '{assignment.AssignmentId}' belongs to '{record.PersonId}', not '{assignment.PersonId}'; ignored";
            }
        }
        else
        {
            var member = MemberFor(assignment.PersonId, assignment.AssignedAt);
            record = _training.Add(new TrainingRecord
            {
                ChainId = _chainId, AssignmentId = assignment.AssignmentId, PersonId = member.PersonId,
                CourseId = assignment.CourseId, ContentVersion = assignment.ContentVersion, ContentSha256 = assignment.ContentSha256,
            });
            ChildrenOf(_assignmentsByPerson, assignment.PersonId).Add(assignment.AssignmentId);
        }

        record.CourseId = _strings.Share(assignment.CourseId);
        record.ContentVersion = _strings.Share(assignment.ContentVersion);
        record.ContentSha256 = _strings.Share(assignment.ContentSha256);
        record.Topics = assignment.Topics.Distinct().Order().ToList();
        record.AssignedAt = assignment.AssignedAt;
        record.DueAt = assignment.DueAt;
        record.RecurrenceDays = assignment.RecurrenceDays;
        record.Sequence = entry.Sequence;
        return null;
    }

    private string? CompleteTraining(LedgerEntry entry, TrainingCompletion completion)
    {
        completion.Validate();
        if (!_training.TryGetToChange(completion.AssignmentId, out var record) || record.PersonId != completion.PersonId)
        {
            return $"completes assignment '{completion.AssignmentId}' of '{completion.PersonId}', which was never assigned to them; ignored";
        }

        if (record.CompletedAt is null || completion.CompletedAt >= record.CompletedAt)
        {
            record.CompletedAt = completion.CompletedAt;
            record.Score = completion.Score;
            record.ExpiresAt = completion.ExpiresAt
                ?? (record.RecurrenceDays is { } days ? completion.CompletedAt + Duration.FromDays(days) : null);
        }

        record.FirstCompletedAt = Earliest(record.FirstCompletedAt, completion.CompletedAt);
        record.Sequence = entry.Sequence;
        var member = _members.GetToChange(record.PersonId);
        member.FirstTrainingCompletedAt = Earliest(member.FirstTrainingCompletedAt, completion.CompletedAt);
        return null;
    }

    private string? Waive(LedgerEntry entry, TrainingWaiver waiver)
    {
        waiver.Validate();
        if (!_training.TryGetToChange(waiver.AssignmentId, out var record) || record.PersonId != waiver.PersonId)
        {
            return $"waives assignment '{waiver.AssignmentId}' of '{waiver.PersonId}', which was never assigned to them; ignored";
        }

        record.WaivedAt = waiver.WaivedAt;
        record.WaivedUntil = waiver.WaivedUntil;
        record.WaiverApprovedBy = waiver.ApprovedBy;
        record.WaiverReason = waiver.Reason;
        record.Sequence = entry.Sequence;
        return null;
    }

    private string? StartImport(LedgerEntry entry, ChecklistImportSummary summary)
    {
        DomainText.RequireId(summary.GateId, nameof(summary.GateId));
        var source = ChecklistImportSummary.SourceOf(summary.GateId);
        foreach (var control in _controls.Values.Where(c => c.Source == source && c.RetiredSequence is null))
        {
            _controls.MarkChanged(control.ControlId);
            control.RetiredSequence = entry.Sequence;
        }

        foreach (var evidence in _evidence.Values.Where(e => e.Source == source && e.WithdrawnAt is null))
        {
            _evidence.MarkChanged(evidence.EvidenceId);
            evidence.WithdrawnAt = entry.RecordedAt;
            evidence.WithdrawnSequence = entry.Sequence;
            evidence.WithdrawalReason = $"superseded by the checklist import in entry {entry.Sequence}";
        }

        return null;
    }

    private VendorRecord VendorFor(string vendorId, LedgerEntry entry)
    {
        if (!_vendors.TryGet(vendorId, out var vendor))
        {
            // A vendor named only by an agreement is presumed to handle PHI: that is what the agreement is for.
            vendor = _vendors.Add(new VendorRecord
            {
                ChainId = _chainId, VendorId = vendorId, Name = vendorId, HandlesPhi = true, Sequence = entry.Sequence, RegisteredAt = entry.RecordedAt,
            });
        }

        return vendor;
    }

    private WorkforceMemberRecord MemberFor(string personId, Instant since)
    {
        if (!_members.TryGet(personId, out var member))
        {
            member = _members.Add(new WorkforceMemberRecord { ChainId = _chainId, PersonId = personId, Category = WorkforceCategory.Other, JoinedAt = since });
        }

        return member;
    }

    private List<EvidenceRecord> Orphans(string controlId) => ChildrenOf(_orphansByControl, controlId);

    private static List<TValue> ChildrenOf<TValue>(Dictionary<string, List<TValue>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        return list;
    }

    private static Instant Earliest(Instant? a, Instant b) => a is { } x && x < b ? x : b;
}
