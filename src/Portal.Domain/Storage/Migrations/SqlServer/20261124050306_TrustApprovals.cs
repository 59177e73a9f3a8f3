using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TrustApprovals : Migration
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

            // Data fix: before the unique index, keep only the oldest pending request per version (the race
            // this index closes could have left duplicates).
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PromotionRequests_VersionId_Pending",
                table: "PromotionRequests");

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
        }
    }
}
