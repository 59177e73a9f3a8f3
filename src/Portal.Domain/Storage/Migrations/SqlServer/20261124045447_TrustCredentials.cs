using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TrustCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            // Data fixes: existing keys belong to the user who created them (CreatedBy held their user name);
            // duplicate names get their prefix appended so the unique index can be built.
            migrationBuilder.Sql("UPDATE k SET OwnerId = u.Id FROM ApiKeys k JOIN AspNetUsers u ON u.UserName = k.CreatedBy;");
            migrationBuilder.Sql("WITH d AS (SELECT Name, Prefix, ROW_NUMBER() OVER (PARTITION BY Name ORDER BY CreatedAt) AS n FROM ApiKeys) UPDATE d SET Name = LEFT(Name, 80) + ' (' + Prefix + ')' WHERE n > 1;");

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
                name: "IX_ApiKeys_Name",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "ApiKeys");
        }
    }
}
