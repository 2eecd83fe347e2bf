namespace Moderation.Service.Storage;

/// <summary>
/// Where decisions are kept. With <c>ConnectionStrings:Postgres</c> set, PostgreSQL; otherwise an
/// embedded SQLite file at <see cref="SqlitePath"/> (relative to the content root).
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Moderation:Store";

    public string SqlitePath { get; set; } = "moderation.db";
}
