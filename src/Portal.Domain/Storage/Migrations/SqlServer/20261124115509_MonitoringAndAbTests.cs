using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MonitoringAndAbTests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Performance",
                table: "DriftReports",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "DriftReports",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "upload");

            migrationBuilder.CreateTable(
                name: "AbTests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    VersionA = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    VersionB = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    PercentBTenths = table.Column<int>(type: "int", nullable: false),
                    Metric = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    MinSamplesPerArm = table.Column<int>(type: "int", nullable: false),
                    Alpha = table.Column<double>(type: "float", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StartedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StoppedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    StopReason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    PreviousShares = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    FinalResult = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    PromotionRequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AbTests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AlertDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AlertId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastAttemptAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastStatusCode = table.Column<int>(type: "int", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertDeliveries_Alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "Alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ModelWebhooks",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelWebhooks", x => x.ModelId);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringSettings",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Reference = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ReferenceDays = table.Column<int>(type: "int", nullable: false),
                    CurrentHours = table.Column<int>(type: "int", nullable: false),
                    TriggerEnabled = table.Column<bool>(type: "bit", nullable: false),
                    TriggerOnDatasetDrift = table.Column<bool>(type: "bit", nullable: false),
                    TriggerDriftShare = table.Column<double>(type: "float", nullable: false),
                    PerformanceDropPoints = table.Column<double>(type: "float", nullable: false),
                    CooldownHours = table.Column<int>(type: "int", nullable: false),
                    LastTriggeredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SetBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SetById = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SetAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringSettings", x => x.ModelId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AbTests_ModelId_StartedAt",
                table: "AbTests",
                columns: new[] { "ModelId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AbTests_OneRunningPerModel",
                table: "AbTests",
                column: "ModelId",
                unique: true,
                filter: "StoppedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AlertDeliveries_AlertId",
                table: "AlertDeliveries",
                column: "AlertId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertDeliveries_Status_NextAttemptAt",
                table: "AlertDeliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringSettings_ModelName",
                table: "MonitoringSettings",
                column: "ModelName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AbTests");

            migrationBuilder.DropTable(
                name: "AlertDeliveries");

            migrationBuilder.DropTable(
                name: "ModelWebhooks");

            migrationBuilder.DropTable(
                name: "MonitoringSettings");

            migrationBuilder.DropColumn(
                name: "Performance",
                table: "DriftReports");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "DriftReports");
        }
    }
}
