using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ScaleScanReferenceAbInterrupted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReferenceKind",
                table: "DriftReports",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Interrupted",
                table: "AbTests",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "MonitoringReferences",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Rows = table.Column<int>(type: "int", nullable: false),
                    HasScores = table.Column<bool>(type: "bit", nullable: false),
                    UploadedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringReferences", x => x.ModelId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_Healthy",
                table: "ModelVersions",
                column: "Healthy");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ModelId_Major_Minor_Patch_Version_CreatedAt_Id",
                table: "ModelVersions",
                columns: new[] { "ModelId", "Major", "Minor", "Patch", "Version", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_Stage_ModelId",
                table: "ModelVersions",
                columns: new[] { "Stage", "ModelId" });

            migrationBuilder.CreateIndex(
                name: "IX_Models_CreatedAt",
                table: "Models",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringReferences_Sha256",
                table: "MonitoringReferences",
                column: "Sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonitoringReferences");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_Healthy",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ModelId_Major_Minor_Patch_Version_CreatedAt_Id",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_Stage_ModelId",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_Models_CreatedAt",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "ReferenceKind",
                table: "DriftReports");

            migrationBuilder.DropColumn(
                name: "Interrupted",
                table: "AbTests");
        }
    }
}
