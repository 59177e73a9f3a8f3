using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ServingAndTraining : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Datasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    RowCount = table.Column<int>(type: "int", nullable: false),
                    Summary = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Notes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeploymentEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeploymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(356)", maxLength: 356, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Before = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    After = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Evidence = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeploymentEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Deployments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Strategy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CandidateVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    StableVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    StepTenths = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AutoAdvanceEvery = table.Column<TimeSpan>(type: "time", nullable: true),
                    LastAdvancedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Policy = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    EndReason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deployments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ModelServing",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    StableVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Shares = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ShadowVersions = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ActiveDeploymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CandidateCapTenths = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelServing", x => x.ModelId);
                });

            migrationBuilder.CreateTable(
                name: "Predictions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Shadow = table.Column<bool>(type: "bit", nullable: false),
                    Inputs = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Prediction = table.Column<double>(type: "float", nullable: true),
                    Score = table.Column<double>(type: "float", nullable: true),
                    LatencyMs = table.Column<double>(type: "float", nullable: false),
                    RoutingKey = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Succeeded = table.Column<bool>(type: "bit", nullable: false),
                    Error = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Label = table.Column<double>(type: "float", nullable: true),
                    LabelledAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Predictions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetrainSchedules",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    DatasetVersion = table.Column<int>(type: "int", nullable: true),
                    Trials = table.Column<int>(type: "int", nullable: false),
                    Seed = table.Column<int>(type: "int", nullable: false),
                    TrainerFamily = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Method = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SetBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SetById = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SetAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetrainSchedules", x => x.ModelId);
                });

            migrationBuilder.CreateTable(
                name: "TrainingRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    HangfireJobId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    State = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    DatasetVersion = table.Column<int>(type: "int", nullable: false),
                    TrainerFamily = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Method = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Trials = table.Column<int>(type: "int", nullable: false),
                    TotalTrials = table.Column<int>(type: "int", nullable: false),
                    Seed = table.Column<int>(type: "int", nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    TrialsCompleted = table.Column<int>(type: "int", nullable: false),
                    Objective = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    BestScore = table.Column<double>(type: "float", nullable: true),
                    TrialResults = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ResultVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Error = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    CancelRequested = table.Column<bool>(type: "bit", nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    RequestedById = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_ModelId_Sha256",
                table: "Datasets",
                columns: new[] { "ModelId", "Sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_ModelId_Version",
                table: "Datasets",
                columns: new[] { "ModelId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeploymentEvents_ModelId_At",
                table: "DeploymentEvents",
                columns: new[] { "ModelId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ModelId_CreatedAt",
                table: "Deployments",
                columns: new[] { "ModelId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelServing_ModelName",
                table: "ModelServing",
                column: "ModelName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Predictions_At",
                table: "Predictions",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Predictions_ModelId_Version_At",
                table: "Predictions",
                columns: new[] { "ModelId", "Version", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_ModelId_CreatedAt",
                table: "TrainingRuns",
                columns: new[] { "ModelId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_State",
                table: "TrainingRuns",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Datasets");

            migrationBuilder.DropTable(
                name: "DeploymentEvents");

            migrationBuilder.DropTable(
                name: "Deployments");

            migrationBuilder.DropTable(
                name: "ModelServing");

            migrationBuilder.DropTable(
                name: "Predictions");

            migrationBuilder.DropTable(
                name: "RetrainSchedules");

            migrationBuilder.DropTable(
                name: "TrainingRuns");
        }
    }
}
