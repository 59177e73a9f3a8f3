using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DriftReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DriftThresholds",
                table: "Models",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DriftReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReferenceSource = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                    CurrentSource = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                    ReferenceRows = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentRows = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetDrift = table.Column<bool>(type: "INTEGER", nullable: false),
                    DriftShare = table.Column<double>(type: "REAL", nullable: false),
                    MaxSeverity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MaxPsi = table.Column<double>(type: "REAL", nullable: false),
                    RecommendationKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recommendation = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Features = table.Column<string>(type: "TEXT", nullable: false),
                    Concept = table.Column<string>(type: "TEXT", nullable: true),
                    Distributions = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DriftReports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DriftReports_ModelId_CreatedAt",
                table: "DriftReports",
                columns: new[] { "ModelId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DriftReports");

            migrationBuilder.DropColumn(
                name: "DriftThresholds",
                table: "Models");
        }
    }
}
