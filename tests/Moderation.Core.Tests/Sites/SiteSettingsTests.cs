using Moderation.Core.Sites;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Sites;

public sealed class SiteSettingsTests
{
    [Fact]
    public void Accepts_the_defaults_and_the_test_site() =>
        Assert.Null(A.Site().Validate("news"));

    [Theory]
    [InlineData("Moderation:Sites:news:Terms:Banned:1 ('**') is empty.")]
    public void Names_the_bad_term_by_its_key(string expected)
    {
        var site = A.Site(s => s.Terms.Banned = ["fine", "**"]);

        Assert.Equal(expected, site.Validate("news"));
    }

    public static TheoryData<string, Action<SiteSettings>> BadSettings => new()
    {
        { "Moderation:Sites:news:Terms:Suspect:0", s => s.Terms.Suspect = ["id*ot"] },
        { "Moderation:Sites:news:Terms:Allowed:0", s => s.Terms.Allowed = ["..."] },
        { "Moderation:Sites:news:Links:Deny:0", s => s.Links.Deny = ["https://casino.com/"] },
        { "Moderation:Sites:news:Links:Allow:0", s => s.Links.Allow = ["*.example.com"] },
        { "Moderation:Sites:news:Links:MaxLinks", s => s.Links.MaxLinks = -1 },
        { "Moderation:Sites:news:Links:DenyAction", s => s.Links.DenyAction = (ReasonLevel)7 },
        { "Moderation:Sites:news:TextShape:MaxUpperShare", s => s.TextShape.MaxUpperShare = 1.5 },
        { "Moderation:Sites:news:TextShape:Scripts:0", s => s.TextShape.Scripts = ["Klingon"] },
        { "Moderation:Sites:news:TextShape:MaxRepeat", s => s.TextShape.MaxRepeat = 2 },
        { "Moderation:Sites:news:Duplicates:Similarity", s => s.Duplicates.Similarity = 0.1 },
        { "Moderation:Sites:news:Duplicates:CampaignWindow", s => s.Duplicates.CampaignWindow = TimeSpan.Zero },
        { "Moderation:Sites:news:Duplicates:CampaignMinAuthors", s => s.Duplicates.CampaignMinAuthors = 1 },
        { "Moderation:Sites:news:Flood:PerAuthor:Max", s => s.Flood.PerAuthor.Max = -3 },
        { "Moderation:Sites:news:Flood:PerIp:Window", s => s.Flood.PerIp.Window = TimeSpan.FromDays(90) },
        { "Moderation:Sites:news:Flood:Mode", s => s.Flood.Mode = (RuleMode)9 },
        { "Moderation:Sites:news:Authors:TrustAfterApproved", s => s.Authors.TrustAfterApproved = -1 },
        { "Moderation:Sites:news:Authors:RejectionWindow", s => s.Authors.RejectionWindow = TimeSpan.FromSeconds(-1) },
        { "Moderation:Sites:news:Thresholds:SpamHold", s => s.Thresholds.SpamHold = 2 },
        { "Moderation:Sites:news:MaxTextLength", s => s.MaxTextLength = 0 },
        { "Moderation:Sites:news:PolicyVersion", s => s.PolicyVersion = " " },
        { "Moderation:Sites:news:ReportsToHold", s => s.ReportsToHold = 0 },
        { "Moderation:Sites:news:ReportsPerReporter:Max", s => s.ReportsPerReporter.Max = -1 },
        { "Moderation:Sites:news:ReportsPerReporter:Window", s => s.ReportsPerReporter.Window = TimeSpan.Zero },
        { "Moderation:Sites:news:Models:Retrain:AfterLabels", s => s.Models.Retrain.AfterLabels = -1 },
        { "Moderation:Sites:news:Models:Retrain:Every", s => s.Models.Retrain.Every = TimeSpan.FromSeconds(5) },
    };

    [Fact]
    public void Retraining_is_off_unless_a_site_sets_after_labels_or_every()
    {
        Assert.False(new SiteSettings().Models.Retrain.Enabled);
        Assert.True(A.Site(s => s.Models.Retrain.AfterLabels = 200).Models.Retrain.Enabled);
        Assert.True(A.Site(s => s.Models.Retrain.Every = TimeSpan.FromDays(7)).Models.Retrain.Enabled);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Rejects_bad_settings_with_an_error_that_names_the_key(string key, Action<SiteSettings> spoil)
    {
        var site = A.Site(spoil);

        var errors = site.Errors("news").ToList();

        var error = Assert.Single(errors);
        Assert.StartsWith(key + " ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_every_problem_not_only_the_first()
    {
        var site = A.Site(s =>
        {
            s.Links.MaxLinks = -1;
            s.Flood.PerAuthor.Max = -1;
        });

        Assert.Equal(2, site.Errors("news").Count());
    }
}
