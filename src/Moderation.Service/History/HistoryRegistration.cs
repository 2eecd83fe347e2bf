using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Moderation.Core.Rules;
using Moderation.Core.Rules.History;

namespace Moderation.Service.History;

public static class HistoryRegistration
{
    /// <summary>
    /// The rules that need earlier comments (floods, duplicates and campaigns, author trust), with their
    /// history kept in the service's store. Register after the stateless rules: they record the comment.
    /// </summary>
    public static IServiceCollection AddModerationHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HistoryOptions>()
            .Bind(configuration.GetSection(HistoryOptions.Section))
            .Validate(o => o.IpHashKey is null || o.IpHashKey.Length >= 16, $"{HistoryOptions.Section}:IpHashKey must be at least 16 characters long.")
            .Validate(o => o.SketchRetention >= TimeSpan.FromHours(1), $"{HistoryOptions.Section}:SketchRetention must be at least one hour.")
            .Validate(o => o.PruneInterval >= TimeSpan.FromMinutes(1), $"{HistoryOptions.Section}:PruneInterval must be at least one minute.")
            .ValidateOnStart();
        services.AddSingleton<SqlCommentHistory>();
        services.AddSingleton<ICommentHistory>(sp => sp.GetRequiredService<SqlCommentHistory>());
        services.AddHostedService<HistoryPruner>();
        services.AddSingleton(sp =>
        {
            var key = sp.GetRequiredService<IOptions<HistoryOptions>>().Value.IpHashKey;
            if (key is not null)
            {
                return IpHasher.FromSecret(key);
            }

            sp.GetRequiredService<ILogger<IpHasher>>().LogWarning(
                "{Key} is not set: IP addresses are hashed with a random key of this process, so per-IP flood limits do not span replicas or restarts",
                $"{HistoryOptions.Section}:IpHashKey");
            return new IpHasher(RandomNumberGenerator.GetBytes(32));
        });
        // The decision store records each outcome in the history with the decision itself (one statement).
        services.AddSingleton<IRule>(sp => new CommentHistoryRule(
            sp.GetRequiredService<ICommentHistory>(), sp.GetRequiredService<IpHasher>(), sp.GetRequiredService<TimeProvider>(), recordsOutcomes: false));
        return services;
    }
}
