using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
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
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DriftReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    ReferenceSource = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: true),
                    CurrentSource = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: true),
                    ReferenceRows = table.Column<int>(type: "int", nullable: false),
                    CurrentRows = table.Column<int>(type: "int", nullable: false),
                    DatasetDrift = table.Column<bool>(type: "bit", nullable: false),
                    DriftShare = table.Column<double>(type: "float", nullable: false),
                    MaxSeverity = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    MaxPsi = table.Column<double>(type: "float", nullable: false),
                    RecommendationKind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Recommendation = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Features = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Concept = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Distributions = table.Column<string>(type: "nvarchar(max)", nullable: false)
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
