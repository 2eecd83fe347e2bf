using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moderation.Core.Sites;
using Moderation.Service.Sites;

namespace Moderation.Service.Tests.Sites;

public sealed class SiteSettingsReloadTests
{
    /// <summary>The example of docs/rules.md, kept in step with it.</summary>
    private const string Example = """
        {
          "Moderation": {
            "History": { "IpHashKey": "change-me-to-a-long-random-secret" },
            "Sites": {
              "news": {
                "PolicyVersion": "news-2026-11-28",
                "MaxTextLength": 5000,
                "Terms": {
                  "Mode": "Enforce",
                  "Banned": [ "cialis", "viagra", "fuck*", "cunt", "kill yourself", "kys" ],
                  "Suspect": [ "idiot*", "moron", "stupid" ],
                  "Flagged": [ "crypto" ],
                  "Allowed": [ "moby dick", "dick van dyke" ]
                },
                "Links": {
                  "MaxLinks": 2,
                  "Allow": [ "news.example", "wikipedia.org" ],
                  "Deny": [ "casino.example", "pills.example" ],
                  "DenyAction": "Reject",
                  "ShortenerAction": "Hold"
                },
                "TextShape": { "Scripts": [ "Latin" ], "MaxUpperShare": 0.7, "MaxRepeat": 12, "Action": "Hold" },
                "Flood": {
                  "Mode": "Enforce",
                  "PerAuthor": { "Max": 5, "Window": "00:01:00" },
                  "PerIp": { "Max": 20, "Window": "00:01:00" }
                },
                "Duplicates": { "Mode": "Enforce", "Similarity": 0.8, "CampaignMinAuthors": 3, "CampaignWindow": "01:00:00" },
                "Authors": { "Mode": "Shadow", "TrustAfterApproved": 10, "HoldUntilApproved": 1, "MinAccountAgeDays": 2 },
                "Thresholds": { "SpamHold": 0.5, "SpamReject": 0.95, "ToxicityHold": 0.5, "ToxicityReject": 0.95 },
                "Shadow": [ "toxicity" ]
              }
            }
          }
        }
        """;

    [Fact]
    public void Binds_the_documented_example_configuration_without_errors()
    {
        var config = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Example))).Build();
        using var services = Services(config);

        var site = services.GetRequiredService<Core.Sites.ISiteSettingsProvider>().Find("news")!;

        Assert.Empty(site.Errors("news"));
        Assert.Equal(6, site.Terms.Banned.Count);
        Assert.Equal(RuleMode.Enforce, site.Flood.Mode);
        Assert.Equal(TimeSpan.FromMinutes(1), site.Flood.PerAuthor.Window);
        Assert.Equal(RuleMode.Shadow, site.Authors.Mode);
        Assert.Equal(TimeSpan.FromHours(1), site.Duplicates.CampaignWindow);
        Assert.Equal(["Latin"], site.TextShape.Scripts);
    }

    [Fact]
    public void Applies_changed_settings_without_a_restart_but_keeps_the_last_valid_ones_when_a_change_is_invalid()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moderation:Sites:news:Links:MaxLinks"] = "2",
        }).Build();
        using var services = Services(config);
        var sites = services.GetRequiredService<Core.Sites.ISiteSettingsProvider>();
        Assert.Equal(2, sites.Find("news")!.Links.MaxLinks);

        config["Moderation:Sites:news:Links:MaxLinks"] = "5";
        config.Reload();
        Assert.Equal(5, sites.Find("news")!.Links.MaxLinks);

        config["Moderation:Sites:news:Links:MaxLinks"] = "-1";
        config.Reload();
        Assert.Equal(5, sites.Find("news")!.Links.MaxLinks);

        config["Moderation:Sites:news:Links:MaxLinks"] = "two";
        config.Reload();
        Assert.Equal(5, sites.Find("news")!.Links.MaxLinks);
    }

    [Fact]
    public void Keeps_a_site_whose_changed_settings_cannot_be_read_instead_of_dropping_it()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moderation:Sites:news:Links:MaxLinks"] = "2",
            ["Moderation:Sites:blog:Links:MaxLinks"] = "3",
        }).Build();
        using var services = Services(config);
        var sites = services.GetRequiredService<Core.Sites.ISiteSettingsProvider>();

        // The binder leaves out a site holding a value it cannot convert; the other site still binds.
        config["Moderation:Sites:news:Flood:Mode"] = "On";
        config.Reload();

        Assert.Equal(2, sites.Find("news")?.Links.MaxLinks);
        Assert.Equal(3, sites.Find("blog")?.Links.MaxLinks);
    }

    [Fact]
    public void Refuses_at_start_a_site_whose_settings_cannot_be_read_and_names_the_key()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moderation:Sites:news:Flood:Mode"] = "On",
            ["Moderation:Sites:blog:Links:MaxLinks"] = "3",
        }).Build();
        using var services = Services(config);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SitesOptions>>().Value);

        Assert.Contains("Moderation:Sites:news:Flood:Mode", error.Message);
    }

    private static ServiceProvider Services(IConfigurationRoot config) => new ServiceCollection()
        .AddSingleton<IConfiguration>(config)
        .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
        .AddModerationSites(config)
        .BuildServiceProvider();
}
