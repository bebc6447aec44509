using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComplianceKit.Documentation.Tests.Hosting.Migrations
{
    /// <summary>The access side index (issue 21): its two tables, and the entries' subject and actor indexes dropped (off by default now).</summary>
    [DbContext(typeof(MigratingHostDbContext))]
    [Migration("20261202090000_AccessSideIndex")]
    public partial class AccessSideIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "ix_ck_ledger_entries_actor", table: "ck_ledger_entries");
            migrationBuilder.DropIndex(name: "ix_ck_ledger_entries_subject", table: "ck_ledger_entries");

            migrationBuilder.CreateTable(
                name: "ck_access_index",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    block = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                },
                constraints: table => table.PrimaryKey("PK_ck_access_index", x => new { x.chain_id, x.block, x.kind, x.key, x.occurred_at, x.sequence }));

            migrationBuilder.CreateTable(
                name: "ck_access_index_heads",
                columns: table => new
                {
                    chain_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    indexed_to = table.Column<long>(type: "INTEGER", nullable: false),
                    merged_to = table.Column<long>(type: "INTEGER", nullable: false),
                    merge_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    merged_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                },
                constraints: table => table.PrimaryKey("PK_ck_access_index_heads", x => x.chain_id));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "ck_access_index");
            migrationBuilder.DropTable(name: "ck_access_index_heads");
            migrationBuilder.CreateIndex(name: "ix_ck_ledger_entries_actor", table: "ck_ledger_entries", columns: ["chain_id", "actor", "occurred_at"]);
            migrationBuilder.CreateIndex(name: "ix_ck_ledger_entries_subject", table: "ck_ledger_entries", columns: ["chain_id", "subject", "occurred_at"]);
        }
    }
}
