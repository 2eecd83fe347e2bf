namespace Moderation.Service.Reports;

public static class ReportsRegistration
{
    /// <summary>Readers' reports: the reporter hash (its key validated at start) and the report service.</summary>
    public static IServiceCollection AddModerationReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportsOptions>()
            .Bind(configuration.GetSection(ReportsOptions.Section))
            .Validate(o => o.ReporterHashKey is null || o.ReporterHashKey.Length >= 16, $"{ReportsOptions.Section}:ReporterHashKey must be at least 16 characters long.")
            .ValidateOnStart();
        services.AddSingleton<ReporterHasher>();
        services.AddSingleton<ReportService>();
        return services;
    }
}
