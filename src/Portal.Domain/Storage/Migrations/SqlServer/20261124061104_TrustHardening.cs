using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TrustHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecisionChecklist",
                table: "PromotionRequests",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProductionVersionAtRequest",
                table: "PromotionRequests",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "TrainingRun",
                table: "ModelVersions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ParentVersion",
                table: "ModelVersions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Notes",
                table: "ModelVersions",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DatasetVersion",
                table: "ModelVersions",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DatasetHash",
                table: "ModelVersions",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CriticalDriftBlocking",
                table: "Models",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "MetricGateBlocking",
                table: "Models",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Hmac",
                table: "AuditChainHeads",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DisabledAt",
                table: "AspNetUsers",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "ApiKeys",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.UpdateData(
                table: "AuditChainHeads",
                keyColumn: "Id",
                keyValue: 1,
                column: "Hmac",
                value: "");

            // Data fixes (hand-added): existing keys belong to the user who created them (CreatedBy held their user name);
            // duplicate key names get their prefix appended, and duplicate pending requests left by the old race are
            // cancelled (the oldest stays), so the unique indexes below can be built.
            migrationBuilder.Sql("UPDATE k SET OwnerId = u.Id FROM ApiKeys k JOIN AspNetUsers u ON u.UserName = k.CreatedBy;");
            migrationBuilder.Sql("WITH d AS (SELECT Name, Prefix, ROW_NUMBER() OVER (PARTITION BY Name ORDER BY CreatedAt) AS n FROM ApiKeys) UPDATE d SET Name = LEFT(Name, 80) + ' (' + Prefix + ')' WHERE n > 1;");
            migrationBuilder.Sql(
                "UPDATE PromotionRequests SET Status = 'Cancelled', DecisionReason = 'Duplicate pending request cancelled when one pending request per version became a rule.' " +
                "WHERE Status = 'Pending' AND EXISTS (SELECT 1 FROM PromotionRequests o WHERE o.VersionId = PromotionRequests.VersionId AND o.Status = 'Pending' " +
                "AND (o.RequestedAt < PromotionRequests.RequestedAt OR (o.RequestedAt = PromotionRequests.RequestedAt AND o.Id < PromotionRequests.Id)))");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_VersionId_Pending",
                table: "PromotionRequests",
                column: "VersionId",
                unique: true,
                filter: "[Status] = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Name",
                table: "ApiKeys",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PromotionRequests_VersionId_Pending",
                table: "PromotionRequests");

            migrationBuilder.DropIndex(
                name: "IX_ApiKeys_Name",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "DecisionChecklist",
                table: "PromotionRequests");

            migrationBuilder.DropColumn(
                name: "ProductionVersionAtRequest",
                table: "PromotionRequests");

            migrationBuilder.DropColumn(
                name: "CriticalDriftBlocking",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "MetricGateBlocking",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "Hmac",
                table: "AuditChainHeads");

            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "ApiKeys");

            migrationBuilder.AlterColumn<string>(
                name: "TrainingRun",
                table: "ModelVersions",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ParentVersion",
                table: "ModelVersions",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Notes",
                table: "ModelVersions",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(4000)",
                oldMaxLength: 4000,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DatasetVersion",
                table: "ModelVersions",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DatasetHash",
                table: "ModelVersions",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(128)",
                oldMaxLength: 128,
                oldNullable: true);
        }
    }
}
