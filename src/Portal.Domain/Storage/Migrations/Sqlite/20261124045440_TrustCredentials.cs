using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelLifecycle.Domain.Storage.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "ApiKeys",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            // Data fixes: existing keys belong to the user who created them (CreatedBy held their user name);
            // duplicate names get their prefix appended so the unique index can be built.
            migrationBuilder.Sql("UPDATE ApiKeys SET OwnerId = (SELECT u.Id FROM AspNetUsers u WHERE u.UserName = ApiKeys.CreatedBy);");
            migrationBuilder.Sql("UPDATE ApiKeys SET Name = substr(Name, 1, 80) || ' (' || Prefix || ')' WHERE Id NOT IN (SELECT MIN(Id) FROM ApiKeys GROUP BY Name);");

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
