using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Scale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ModelId_Major_Minor_Patch_Version_CreatedAt_Id",
                table: "ModelVersions",
                columns: new[] { "ModelId", "Major", "Minor", "Patch", "Version", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_Stage_ModelId",
                table: "ModelVersions",
                columns: new[] { "Stage", "ModelId" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_Healthy",
                table: "ModelVersions",
                column: "Healthy");

            migrationBuilder.CreateIndex(
                name: "IX_Models_CreatedAt",
                table: "Models",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ModelId_Major_Minor_Patch_Version_CreatedAt_Id",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_Healthy",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_Stage_ModelId",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_Models_CreatedAt",
                table: "Models");
        }
    }
}
