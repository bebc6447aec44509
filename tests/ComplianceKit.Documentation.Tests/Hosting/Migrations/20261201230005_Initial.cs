using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceKit.Documentation.Tests.Hosting.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ck_chain_heads",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    last_entry_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    last_recorded_at = table.Column<long>(type: "INTEGER", nullable: true),
                    frontier = table.Column<byte[]>(type: "BLOB", nullable: false),
                    tree_root = table.Column<byte[]>(type: "BLOB", nullable: false),
                    lock_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_chain_heads", x => x.chain_id);
                });

            migrationBuilder.CreateTable(
                name: "ck_control_evidence_requirements",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    control_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    freshness_days = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_control_evidence_requirements", x => new { x.chain_id, x.control_id, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "ck_controls",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    control_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    framework_reference = table.Column<string>(type: "TEXT", nullable: true),
                    category = table.Column<string>(type: "TEXT", nullable: true),
                    requirement = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    criticality = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    owner_role = table.Column<string>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", nullable: true),
                    defined_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    defined_at = table.Column<long>(type: "INTEGER", nullable: false),
                    retired_sequence = table.Column<long>(type: "INTEGER", nullable: true),
                    decision_outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    decision_rationale = table.Column<string>(type: "TEXT", nullable: true),
                    alternative_measure = table.Column<string>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decision_sequence = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_controls", x => new { x.chain_id, x.control_id });
                });

            migrationBuilder.CreateTable(
                name: "ck_evidence",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    evidence_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    control_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    assurance = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    artifact_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    media_type = table.Column<string>(type: "TEXT", nullable: true),
                    file_name = table.Column<string>(type: "TEXT", nullable: true),
                    uri = table.Column<string>(type: "TEXT", nullable: true),
                    collected_at = table.Column<long>(type: "INTEGER", nullable: false),
                    effective_at = table.Column<long>(type: "INTEGER", nullable: false),
                    valid_until = table.Column<long>(type: "INTEGER", nullable: true),
                    collected_by = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    signed_statement = table.Column<byte[]>(type: "BLOB", nullable: true),
                    signature = table.Column<byte[]>(type: "BLOB", nullable: true),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    withdrawn_at = table.Column<long>(type: "INTEGER", nullable: true),
                    withdrawn_sequence = table.Column<long>(type: "INTEGER", nullable: true),
                    withdrawal_reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_evidence", x => new { x.chain_id, x.evidence_id });
                });

            migrationBuilder.CreateTable(
                name: "ck_ledger_entries",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    entry_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    payload = table.Column<byte[]>(type: "BLOB", nullable: true),
                    payload_salt = table.Column<byte[]>(type: "BLOB", nullable: true),
                    payload_digest = table.Column<byte[]>(type: "BLOB", nullable: false),
                    previous_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    entry_hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_ledger_entries", x => new { x.chain_id, x.sequence });
                });

            migrationBuilder.CreateTable(
                name: "ck_merkle_nodes",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    node_index = table.Column<long>(type: "INTEGER", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_merkle_nodes", x => new { x.chain_id, x.level, x.node_index });
                });

            migrationBuilder.CreateTable(
                name: "ck_projection_heads",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ledger_size = table.Column<long>(type: "INTEGER", nullable: false),
                    ledger_root = table.Column<byte[]>(type: "BLOB", nullable: false),
                    entries_read = table.Column<long>(type: "INTEGER", nullable: false),
                    issues = table.Column<string>(type: "TEXT", nullable: false),
                    rebuilt_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_projection_heads", x => x.chain_id);
                });

            migrationBuilder.CreateTable(
                name: "ck_vendors",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    vendor_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    services = table.Column<string>(type: "TEXT", nullable: false),
                    handles_phi = table.Column<bool>(type: "INTEGER", nullable: false),
                    registered = table.Column<bool>(type: "INTEGER", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    registered_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_vendors", x => new { x.chain_id, x.vendor_id });
                });

            migrationBuilder.CreateTable(
                name: "ck_workforce",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    person_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    role = table.Column<string>(type: "TEXT", nullable: true),
                    joined_at = table.Column<long>(type: "INTEGER", nullable: false),
                    left_at = table.Column<long>(type: "INTEGER", nullable: true),
                    registered = table.Column<bool>(type: "INTEGER", nullable: false),
                    first_training_completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_workforce", x => new { x.chain_id, x.person_id });
                });

            migrationBuilder.CreateTable(
                name: "shipments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shipments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ck_baas",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    baa_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    vendor_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    parent_baa_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    services = table.Column<string>(type: "TEXT", nullable: false),
                    phi_categories = table.Column<string>(type: "TEXT", nullable: false),
                    permitted_uses = table.Column<string>(type: "TEXT", nullable: false),
                    effective_at = table.Column<long>(type: "INTEGER", nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    auto_renew = table.Column<bool>(type: "INTEGER", nullable: false),
                    document_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    signatories = table.Column<string>(type: "TEXT", nullable: false),
                    clauses = table.Column<string>(type: "TEXT", nullable: false),
                    drafted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    executed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    execution_recorded_at = table.Column<long>(type: "INTEGER", nullable: true),
                    executed_sequence = table.Column<long>(type: "INTEGER", nullable: true),
                    terminated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    termination_reason = table.Column<string>(type: "TEXT", nullable: true),
                    disposition = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    disposition_evidence_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    disposition_completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_baas", x => new { x.chain_id, x.baa_id });
                    table.ForeignKey(
                        name: "fk_ck_baas_vendor",
                        columns: x => new { x.chain_id, x.vendor_id },
                        principalTable: "ck_vendors",
                        principalColumns: new[] { "chain_id", "vendor_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ck_training",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    assignment_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    person_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    course_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    content_version = table.Column<string>(type: "TEXT", nullable: false),
                    content_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    topics = table.Column<string>(type: "TEXT", nullable: false),
                    assigned_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recurrence_days = table.Column<int>(type: "INTEGER", nullable: true),
                    first_completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    score = table.Column<double>(type: "REAL", nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    waived_at = table.Column<long>(type: "INTEGER", nullable: true),
                    waived_until = table.Column<long>(type: "INTEGER", nullable: true),
                    waiver_approved_by = table.Column<string>(type: "TEXT", nullable: true),
                    waiver_reason = table.Column<string>(type: "TEXT", nullable: true),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ck_training", x => new { x.chain_id, x.assignment_id });
                    table.ForeignKey(
                        name: "fk_ck_training_person",
                        columns: x => new { x.chain_id, x.person_id },
                        principalTable: "ck_workforce",
                        principalColumns: new[] { "chain_id", "person_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ck_baas_vendor",
                table: "ck_baas",
                columns: new[] { "chain_id", "vendor_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ck_evidence_control",
                table: "ck_evidence",
                columns: new[] { "chain_id", "control_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ck_ledger_entries_actor",
                table: "ck_ledger_entries",
                columns: new[] { "chain_id", "actor", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ck_ledger_entries_subject",
                table: "ck_ledger_entries",
                columns: new[] { "chain_id", "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ck_ledger_entries_type",
                table: "ck_ledger_entries",
                columns: new[] { "chain_id", "entry_type", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ck_training_due",
                table: "ck_training",
                columns: new[] { "chain_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ck_training_person",
                table: "ck_training",
                columns: new[] { "chain_id", "person_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ck_baas");

            migrationBuilder.DropTable(
                name: "ck_chain_heads");

            migrationBuilder.DropTable(
                name: "ck_control_evidence_requirements");

            migrationBuilder.DropTable(
                name: "ck_controls");

            migrationBuilder.DropTable(
                name: "ck_evidence");

            migrationBuilder.DropTable(
                name: "ck_ledger_entries");

            migrationBuilder.DropTable(
                name: "ck_merkle_nodes");

            migrationBuilder.DropTable(
                name: "ck_projection_heads");

            migrationBuilder.DropTable(
                name: "ck_training");

            migrationBuilder.DropTable(
                name: "shipments");

            migrationBuilder.DropTable(
                name: "ck_vendors");

            migrationBuilder.DropTable(
                name: "ck_workforce");
        }
    }
}
