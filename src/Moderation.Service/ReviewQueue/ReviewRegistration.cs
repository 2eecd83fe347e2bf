namespace Moderation.Service.ReviewQueue;

public static class ReviewRegistration
{
    /// <summary>The review queue: its store, moderator decisions, live signal, republisher, training labels.</summary>
    public static IServiceCollection AddModerationReviewQueue(this IServiceCollection services)
    {
        services.AddSingleton<ReviewQueueSignal>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ModeratorDecisionService>();
        services.AddSingleton<TrainingLabels>();
        services.AddHostedService<UnpublishedDecisionsRepublisher>();
        return services;
    }
}
