using System.Text.Json;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Portal.Components.Shared;

/// <summary>
/// What an audit event is about, in words a person recognises: promotion requests and drift reports are
/// identified by GUIDs, but their snapshots name the model, the version and the target stage.
/// </summary>
public static class AuditSubject
{
    public static string Describe(AuditEvent e)
    {
        foreach (var snapshot in new[] { e.After, e.Before })
        {
            if (Named(snapshot) is { } subject)
            {
                return subject;
            }
        }

        return e.EntityId;
    }

    private static string? Named(string? snapshot)
    {
        if (string.IsNullOrEmpty(snapshot) || snapshot[0] != '{')
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(snapshot);
            var root = doc.RootElement;
            if (Text(root, "model") is not { } model)
            {
                return null;
            }

            var subject = Text(root, "version") is { } version ? $"{model}@{version}" : model;
            return Text(root, "targetStage") is { } stage ? $"{subject} → {stage}" : subject;
        }
        catch (JsonException)
        {
            // Snapshots written by the engine are JSON; anything else (a truncated export, a hand edit) shows the id.
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
