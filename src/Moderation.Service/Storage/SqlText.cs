using System.Globalization;

namespace Moderation.Service.Storage;

/// <summary>
/// The few places the dialects differ. Parameters travel as text: PostgreSQL casts them to its native
/// types, SQLite keeps ISO 8601 UTC text, which sorts and compares correctly as text.
/// </summary>
public static class SqlText
{
    public static string Time(this Database database, string parameter) =>
        database.Dialect == SqlDialect.Postgres ? $"CAST({parameter} AS timestamptz)" : parameter;

    public static string Uuid(this Database database, string parameter) =>
        database.Dialect == SqlDialect.Postgres ? $"CAST({parameter} AS uuid)" : parameter;

    /// <summary>A time as the parameter text both dialects accept.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads a time column: DateTime from PostgreSQL, ISO text from SQLite.</summary>
    public static DateTimeOffset? ReadTime(object? value) => value switch
    {
        null or DBNull => null,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        var other => throw new InvalidOperationException($"Unexpected time value of type {other.GetType().Name}."),
    };

    /// <summary>A LIKE pattern that matches <paramref name="text"/> anywhere, with its wildcards escaped (ESCAPE '\').</summary>
    public static string Contains(string text) =>
        "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
