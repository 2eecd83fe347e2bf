using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Storage;

namespace Moderation.Service.SiteModels;

/// <summary>The roles a site's model moves through.</summary>
public static class SiteModelRoles
{
    /// <summary>Uploaded, not scoring anything.</summary>
    public const string Challenger = "challenger";

    /// <summary>Scored on the site's comments as a shadow score, never deciding (one per site and task).</summary>
    public const string Shadow = "shadow";

    /// <summary>Serves the site's decisions instead of the shipped model (one per site and task).</summary>
    public const string Champion = "champion";

    /// <summary>Served before, or given up on.</summary>
    public const string Retired = "retired";
}

/// <summary>What the store knows about one of a site's models (never its bytes).</summary>
public sealed record SiteModelInfo(
    long Id, string SiteId, string Task, string Version, string Role, long SizeBytes, string Sha256, bool? ChallengerWins, long ShadowComments,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? PromotedAt, DateTimeOffset? RolledBackAt)
{
    /// <summary>The comparison report it was uploaded with, as given; null when none.</summary>
    public JsonElement? Report { get; init; }
}

/// <summary>A model that serves a site now, as the replicas' refresher reads it: no bytes.</summary>
public sealed record ServingSiteModel(long Id, string SiteId, string Task, string Version, string Role, long ShadowComments);

/// <summary>What a lifecycle call did.</summary>
public abstract record SiteModelChange
{
    /// <summary>
    /// The model now has <see cref="Model"/>.Role, coming from <paramref name="From"/>. <paramref name="Displaced"/>:
    /// the model it took the place of (the former champion or shadow), if any; for a rollback, the model that serves
    /// now (null: the shipped one).
    /// </summary>
    public sealed record Changed(SiteModelInfo Model, string From, SiteModelInfo? Displaced) : SiteModelChange;

    public sealed record NotFound : SiteModelChange;

    /// <summary>The step does not apply to a model in this role (promoting the champion, retiring the champion, …).</summary>
    public sealed record WrongRole(string Role) : SiteModelChange;

    /// <summary>Its comparison report says it did not beat the serving model: it is never promoted.</summary>
    public sealed record Lost : SiteModelChange;

    /// <summary>Automatic promotion only: the report does not say it won, or the shadow trial is not over.</summary>
    public sealed record NotReady(string Why) : SiteModelChange;

    /// <summary>Rollback with no site model serving: the shipped model already serves.</summary>
    public sealed record NoChampion : SiteModelChange;
}

/// <summary>
/// Sites' own models in the store (table <c>site_models</c>, migration 0008): every replica reads the
/// serving ones from here. Each lifecycle step is one transaction that also writes the audit log; the
/// rows of one site and task are locked first (PostgreSQL; SQLite's transactions take the write lock at
/// once), and partial unique indexes keep one champion and one shadow per site and task whatever happens.
/// </summary>
public sealed class SiteModelStore(Database database, TimeProvider time)
{
    /// <summary>The property of a comparison report that says whether the challenger beat the serving model.</summary>
    public const string WinsProperty = "challengerWins";

    /// <summary>The property of the retrain command's comparison report that holds its decision.</summary>
    public const string DecisionProperty = "decision";

    private const string InfoColumns =
        "id AS Id, site_id AS SiteId, task AS Task, version AS Version, role AS Role, model_sha256 AS Sha256, report_json AS ReportJson, " +
        "shadow_comments AS ShadowComments, created_at AS CreatedAt, created_by AS CreatedBy, updated_at AS UpdatedAt, updated_by AS UpdatedBy, " +
        "promoted_at AS PromotedAt, rolled_back_at AS RolledBackAt";

    private string SizeColumn => database.Dialect == SqlDialect.Postgres ? "octet_length(model) AS SizeBytes" : "length(model) AS SizeBytes";

    /// <summary>
    /// The report's verdict: true when the challenger beat the serving model, false when the report says it did not,
    /// null when there is no report or it says nothing. Read from a top-level <c>challengerWins</c> (true/false) or,
    /// in the retrain command's comparison report (<c>ModelComparison</c>), from <c>decision</c>:
    /// <c>challengerWins</c> is a win; <c>championStays</c> and <c>undecided</c> (the difference was inside the
    /// margin) are not.
    /// </summary>
    /// <exception cref="FormatException">The report is not a JSON object, or says neither of those things in a form this build reads.</exception>
    public static bool? Verdict(string? reportJson)
    {
        if (reportJson is null)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(reportJson);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The report is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The report must be a JSON object (was {root.ValueKind}).");
            }

            if (root.TryGetProperty(WinsProperty, out var wins) && wins.ValueKind != JsonValueKind.Null)
            {
                return wins.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new FormatException($"The report's {WinsProperty} must be true or false (was {wins.ValueKind})."),
                };
            }

            if (!root.TryGetProperty(DecisionProperty, out var decision) || decision.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return decision.ValueKind == JsonValueKind.String ? decision.GetString()!.ToUpperInvariant() switch
            {
                "CHALLENGERWINS" => true,
                "CHAMPIONSTAYS" or "UNDECIDED" => false,
                var other => throw new FormatException($"The report's {DecisionProperty} must be challengerWins, championStays or undecided (was '{other}')."),
            }
            : throw new FormatException($"The report's {DecisionProperty} must be a string (was {decision.ValueKind}).");
        }
    }

    /// <summary>Why the report decided as it did (its <c>reason</c>), for an answer that refuses a promotion; null when it says nothing.</summary>
    public static string? ReportReason(JsonElement? report) =>
        report is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;

    /// <summary>
    /// Stores an uploaded (or retrained: <paramref name="action"/> <c>ModelRetrained</c>) model as a challenger;
    /// null when the site already has this version for the task.
    /// </summary>
    public async Task<SiteModelInfo?> AddAsync(
        string siteId, string task, string version, byte[] model, string? reportJson, string actor, CancellationToken cancellationToken, string action = "ModelUploaded")
    {
        ArgumentNullException.ThrowIfNull(model);
        var now = SqlText.Iso(time.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            INSERT INTO site_models (site_id, task, version, role, model, model_sha256, report_json, shadow_comments, created_at, created_by, updated_at, updated_by)
            VALUES (@siteId, @task, @version, '{SiteModelRoles.Challenger}', @model, @sha, @reportJson, 0, {database.Time("@now")}, @actor, {database.Time("@now")}, @actor)
            ON CONFLICT (site_id, task, version) DO NOTHING
            RETURNING id
            """,
            new { siteId, task, version, model, sha = Convert.ToHexStringLower(SHA256.HashData(model)), reportJson, now, actor },
            transaction, cancellationToken: cancellationToken));
        if (id is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        var info = (await FindAsync(connection, transaction, "id = @id", new { id }, cancellationToken))!;
        await AuditAsync(connection, transaction, actor, action, info, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return info;
    }

    /// <summary>When the site's newest model of the task was stored (uploaded or retrained); null when it has none.</summary>
    public async Task<DateTimeOffset?> LastAddedAsync(string siteId, string task, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var at = await connection.ExecuteScalarAsync<object?>(new CommandDefinition(
            "SELECT created_at FROM site_models WHERE site_id = @siteId AND task = @task ORDER BY id DESC LIMIT 1",
            new { siteId, task }, cancellationToken: cancellationToken));
        return SqlText.ReadTime(at);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> SqliteLeases = new(StringComparer.Ordinal);

    /// <summary>
    /// The right to retrain one site's task model, or null when someone holds it. PostgreSQL: a session advisory lock
    /// on a connection held until the lease is disposed, so every replica sees it and a replica that dies frees it.
    /// SQLite serves one process: a lock in this process, keyed by the database.
    /// </summary>
    public async Task<IAsyncDisposable?> TryLeaseRetrainAsync(string siteId, string task, CancellationToken cancellationToken)
    {
        if (database.Dialect != SqlDialect.Postgres)
        {
            var key = $"{database.Source.ConnectionString}|{siteId}|{task}";
            return SqliteLeases.TryAdd(key, 0) ? new Lease(() => { SqliteLeases.TryRemove(key, out _); return ValueTask.CompletedTask; }) : null;
        }

        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var parameters = new { key = $"site_models/retrain/{siteId}/{task}" };
            if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(hashtext(@key))", parameters, cancellationToken: cancellationToken)))
            {
                await connection.DisposeAsync();
                return null;
            }

            return new Lease(async () =>
            {
                try
                {
                    await connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtext(@key))", parameters);
                }
                finally
                {
                    await connection.DisposeAsync();
                }
            });
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Lease(Func<ValueTask> release) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
    }

    /// <summary>The site's models for a task (or every task), newest first.</summary>
    public async Task<IReadOnlyList<SiteModelInfo>> ListAsync(string siteId, string? task, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InfoRow>(new CommandDefinition(
            $"SELECT {InfoColumns}, {SizeColumn} FROM site_models WHERE site_id = @siteId{(task is null ? "" : " AND task = @task")} ORDER BY id DESC",
            new { siteId, task }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<SiteModelInfo?> FindAsync(string siteId, string task, string version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, "site_id = @siteId AND task = @task AND version = @version", new { siteId, task, version }, cancellationToken);
    }

    /// <summary>The bytes of a model, as uploaded; null when there is no such model.</summary>
    public async Task<byte[]?> ReadModelAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT model FROM site_models WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Every champion and shadow of every site: what the replicas serve. Versions only, answered from an index.</summary>
    public async Task<IReadOnlyList<ServingSiteModel>> ServingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ServingSiteModel>(new CommandDefinition(
            $"""
            SELECT id AS Id, site_id AS SiteId, task AS Task, version AS Version, role AS Role, shadow_comments AS ShadowComments
            FROM site_models WHERE role IN ('{SiteModelRoles.Champion}', '{SiteModelRoles.Shadow}')
            """,
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Adds comments that shadow models scored on this replica to their stored counts (only while they are in shadow).</summary>
    public async Task AddShadowCommentsAsync(IReadOnlyCollection<(long Id, long Comments)> counts, CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (id, comments) in counts)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE site_models SET shadow_comments = shadow_comments + @comments WHERE id = @id AND role = '{SiteModelRoles.Shadow}'",
                new { id, comments }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Puts a challenger (or a retired model) in shadow, from zero comments; the site's current shadow, if any, becomes a challenger again.</summary>
    public Task<SiteModelChange> ShadowAsync(string siteId, string task, string version, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(siteId, task, version, actor, "ModelShadowed", async (connection, transaction, model, now) =>
        {
            if (model.Role is not (SiteModelRoles.Challenger or SiteModelRoles.Retired))
            {
                return new SiteModelChange.WrongRole(model.Role);
            }

            var displaced = await FindAsync(connection, transaction, $"site_id = @siteId AND task = @task AND role = '{SiteModelRoles.Shadow}'", new { siteId, task }, cancellationToken);
            if (displaced is not null)
            {
                await SetRoleAsync(connection, transaction, displaced.Id, SiteModelRoles.Challenger, actor, now, cancellationToken);
                await AuditAsync(connection, transaction, actor, "ModelShadowEnded", displaced with { Role = SiteModelRoles.Challenger }, displaced.Role, cancellationToken, $"replaced by {version}");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE site_models SET role = '{SiteModelRoles.Shadow}', shadow_comments = 0, updated_at = {database.Time("@now")}, updated_by = @actor WHERE id = @id",
                new { id = model.Id, now = SqlText.Iso(now), actor }, transaction, cancellationToken: cancellationToken));
            return new SiteModelChange.Changed(model, model.Role, displaced);
        }, cancellationToken);

    /// <summary>
    /// Makes a model the site's champion; the former champion is retired (and is what a rollback restores).
    /// A model whose report says it lost is never promoted. <paramref name="automatic"/>: the shadow trial of
    /// <paramref name="shadowComments"/> comments must be over and the report must say it won.
    /// </summary>
    public Task<SiteModelChange> PromoteAsync(
        string siteId, string task, string version, string actor, CancellationToken cancellationToken, bool automatic = false, long shadowComments = 0) =>
        ChangeAsync(siteId, task, version, actor, automatic ? "ModelAutoPromoted" : "ModelPromoted", async (connection, transaction, model, now) =>
        {
            if (model.Role == SiteModelRoles.Champion || (automatic && model.Role != SiteModelRoles.Shadow))
            {
                return new SiteModelChange.WrongRole(model.Role);
            }

            switch (model.ChallengerWins)
            {
                case false:
                    return new SiteModelChange.Lost();
                case null when automatic:
                    return new SiteModelChange.NotReady($"its report does not say {WinsProperty}: true");
            }

            if (automatic && model.ShadowComments < shadowComments)
            {
                return new SiteModelChange.NotReady($"it scored {model.ShadowComments} of {shadowComments} comments in shadow");
            }

            var displaced = await FindAsync(connection, transaction, $"site_id = @siteId AND task = @task AND role = '{SiteModelRoles.Champion}'", new { siteId, task }, cancellationToken);
            if (displaced is not null)
            {
                await SetRoleAsync(connection, transaction, displaced.Id, SiteModelRoles.Retired, actor, now, cancellationToken);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE site_models SET role = '{SiteModelRoles.Champion}', promoted_at = {database.Time("@now")}, rolled_back_at = NULL,
                       updated_at = {database.Time("@now")}, updated_by = @actor
                WHERE id = @id
                """,
                new { id = model.Id, now = SqlText.Iso(now), actor }, transaction, cancellationToken: cancellationToken));
            return new SiteModelChange.Changed(model, model.Role, displaced);
        }, cancellationToken);

    /// <summary>Retires a challenger or ends a shadow trial. The champion is taken down by <see cref="RollbackAsync"/>.</summary>
    public Task<SiteModelChange> RetireAsync(string siteId, string task, string version, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(siteId, task, version, actor, "ModelRetired", async (connection, transaction, model, now) =>
        {
            if (model.Role is not (SiteModelRoles.Challenger or SiteModelRoles.Shadow))
            {
                return new SiteModelChange.WrongRole(model.Role);
            }

            await SetRoleAsync(connection, transaction, model.Id, SiteModelRoles.Retired, actor, now, cancellationToken);
            return new SiteModelChange.Changed(model, model.Role, null);
        }, cancellationToken);

    /// <summary>
    /// Takes the champion down (retired, marked rolled back) and restores the champion that was promoted before
    /// it and not itself rolled back; with none, the shipped model serves the site again.
    /// </summary>
    public async Task<SiteModelChange> RollbackAsync(string siteId, string task, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, siteId, task, cancellationToken);
        var champion = await FindAsync(connection, transaction, $"site_id = @siteId AND task = @task AND role = '{SiteModelRoles.Champion}'", new { siteId, task }, cancellationToken);
        if (champion is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new SiteModelChange.NoChampion();
        }

        var previous = await FindAsync(connection, transaction,
            $"""
            site_id = @siteId AND task = @task AND role = '{SiteModelRoles.Retired}' AND promoted_at IS NOT NULL AND rolled_back_at IS NULL
              AND promoted_at <= {database.Time("@promotedAt")} AND id <> @id
            ORDER BY promoted_at DESC, id DESC LIMIT 1
            """,
            new { siteId, task, id = champion.Id, promotedAt = SqlText.Iso(champion.PromotedAt ?? now) }, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE site_models SET role = '{SiteModelRoles.Retired}', rolled_back_at = {database.Time("@now")}, updated_at = {database.Time("@now")}, updated_by = @actor
            WHERE id = @id
            """,
            new { id = champion.Id, now = SqlText.Iso(now), actor }, transaction, cancellationToken: cancellationToken));
        if (previous is not null)
        {
            // Its promoted_at stays: the champions before it stay in order for a further rollback.
            await SetRoleAsync(connection, transaction, previous.Id, SiteModelRoles.Champion, actor, now, cancellationToken);
        }

        var rolledBack = (await FindAsync(connection, transaction, "id = @id", new { id = champion.Id }, cancellationToken))!;
        var serving = previous is null ? null : await FindAsync(connection, transaction, "id = @id", new { id = previous.Id }, cancellationToken);
        await AuditAsync(connection, transaction, actor, "ModelRolledBack", rolledBack, SiteModelRoles.Champion, cancellationToken,
            $"now serving {(serving is null ? "the shipped model" : serving.Version)}");
        await transaction.CommitAsync(cancellationToken);
        return new SiteModelChange.Changed(rolledBack, SiteModelRoles.Champion, serving);
    }

    private async Task<SiteModelChange> ChangeAsync(
        string siteId, string task, string version, string actor, string action,
        Func<DbConnection, DbTransaction, SiteModelInfo, DateTimeOffset, Task<SiteModelChange>> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, siteId, task, cancellationToken);
        var model = await FindAsync(connection, transaction, "site_id = @siteId AND task = @task AND version = @version", new { siteId, task, version }, cancellationToken);
        var outcome = model is null ? new SiteModelChange.NotFound() : await change(connection, transaction, model, now);
        if (outcome is not SiteModelChange.Changed changed)
        {
            await transaction.RollbackAsync(cancellationToken);
            return outcome;
        }

        var after = (await FindAsync(connection, transaction, "id = @id", new { id = changed.Model.Id }, cancellationToken))!;
        await AuditAsync(connection, transaction, actor, action, after, changed.From, cancellationToken,
            changed.Displaced is { } d ? $"{(action == "ModelShadowed" ? "replaces shadow" : "replaces champion")} {d.Version}" : null);
        await transaction.CommitAsync(cancellationToken);
        return changed with { Model = after };
    }

    /// <summary>Serialises lifecycle steps of one site and task across replicas (PostgreSQL); SQLite already holds the write lock.</summary>
    private async Task LockAsync(DbConnection connection, DbTransaction transaction, string siteId, string task, CancellationToken cancellationToken)
    {
        if (database.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext('site_models/' || @siteId || '/' || @task))",
                new { siteId, task }, transaction, cancellationToken: cancellationToken));
        }
    }

    private Task<int> SetRoleAsync(DbConnection connection, DbTransaction transaction, long id, string role, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE site_models SET role = @role, updated_at = {database.Time("@now")}, updated_by = @actor WHERE id = @id",
            new { id, role, now = SqlText.Iso(now), actor }, transaction, cancellationToken: cancellationToken));

    private async Task<SiteModelInfo?> FindAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<InfoRow>(new CommandDefinition(
            $"SELECT {InfoColumns}, {SizeColumn} FROM site_models WHERE {where}", parameters, transaction, cancellationToken: cancellationToken));
        return row?.ToInfo();
    }

    /// <summary>One audit entry per step: from and to role, the task and version in the note. Never the model's content.</summary>
    private Task AuditAsync(
        DbConnection connection, DbTransaction transaction, string actor, string action, SiteModelInfo model, string? from, CancellationToken cancellationToken, string? more = null) =>
        ReviewStore.AppendAuditAsync(database, connection, transaction, new AuditEntry(
            0, time.GetUtcNow(), actor, action, model.SiteId, null, null, from, model.Role, null,
            $"{model.Task} {model.Version}{(more is null ? "" : "; " + more)}"), cancellationToken);

    private sealed class InfoRow
    {
        public long Id { get; set; }

        public string SiteId { get; set; } = "";

        public string Task { get; set; } = "";

        public string Version { get; set; } = "";

        public string Role { get; set; } = "";

        public long SizeBytes { get; set; }

        public string Sha256 { get; set; } = "";

        public string? ReportJson { get; set; }

        public long ShadowComments { get; set; }

        public object? CreatedAt { get; set; }

        public string CreatedBy { get; set; } = "";

        public object? UpdatedAt { get; set; }

        public string UpdatedBy { get; set; } = "";

        public object? PromotedAt { get; set; }

        public object? RolledBackAt { get; set; }

        public SiteModelInfo ToInfo()
        {
            bool? wins;
            JsonElement? report = null;
            try
            {
                wins = Verdict(ReportJson);
                if (ReportJson is not null)
                {
                    using var document = JsonDocument.Parse(ReportJson);
                    report = document.RootElement.Clone();
                }
            }
            catch (FormatException)
            {
                // Reports are checked on upload; one that does not read says nothing.
                wins = null;
            }

            return new SiteModelInfo(
                Id, SiteId, Task, Version, Role, SizeBytes, Sha256, wins, ShadowComments,
                SqlText.ReadTime(CreatedAt)!.Value, CreatedBy, SqlText.ReadTime(UpdatedAt)!.Value, UpdatedBy, SqlText.ReadTime(PromotedAt), SqlText.ReadTime(RolledBackAt))
            {
                Report = report,
            };
        }
    }
}
