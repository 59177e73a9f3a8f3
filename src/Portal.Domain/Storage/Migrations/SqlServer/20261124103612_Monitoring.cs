using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
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
                name: "IX_MonitoringSettings_ModelName",
                table: "MonitoringSettings",
                column: "ModelName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
