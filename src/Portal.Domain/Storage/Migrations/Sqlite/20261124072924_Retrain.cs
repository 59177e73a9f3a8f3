using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Retrain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestedById",
                table: "TrainingRuns",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "TotalTrials",
                table: "TrainingRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "RetrainSchedules",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DatasetVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Trials = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainerFamily = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SetById = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SetAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetrainSchedules", x => x.ModelId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RetrainSchedules");

            migrationBuilder.DropColumn(
                name: "RequestedById",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "TotalTrials",
                table: "TrainingRuns");
        }
    }
}
