using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AbTests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AbTests");
        }
    }
}
