using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProductionVersionAtRequest",
                table: "PromotionRequests",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CriticalDriftBlocking",
                table: "Models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "MetricGateBlocking",
                table: "Models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Hmac",
                table: "AuditChainHeads",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DisabledAt",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "ApiKeys",
                type: "TEXT",
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
            migrationBuilder.Sql("UPDATE ApiKeys SET OwnerId = (SELECT u.Id FROM AspNetUsers u WHERE u.UserName = ApiKeys.CreatedBy);");
            migrationBuilder.Sql("UPDATE ApiKeys SET Name = substr(Name, 1, 80) || ' (' || Prefix || ')' WHERE Id NOT IN (SELECT MIN(Id) FROM ApiKeys GROUP BY Name);");
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
        }
    }
}
