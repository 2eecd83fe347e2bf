using System.Reflection;
using System.Text.Json;
using System.Collections;
using Moderation.Core.Sites;
using Moderation.Service.Auth;
using Moderation.Service.Bus;
using Moderation.Service.History;
using Moderation.Service.Reports;
using Moderation.Service.SiteModels;
using Moderation.Service.Storage;
using Moderation.Service.Telemetry;

namespace Moderation.Service.Tests;

/// <summary>docs/configuration.md stays the whole truth about the host's settings.</summary>
public sealed class ConfigurationReferenceTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_host_option_is_documented_with_its_environment_variable_form()
    {
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));
        var options = new (string Section, Type Type)[]
        {
            (BusOptions.Section, typeof(BusOptions)),
            (StoreOptions.Section, typeof(StoreOptions)),
            (TelemetryOptions.Section, typeof(TelemetryOptions)),
            (HistoryOptions.Section, typeof(HistoryOptions)),
            (AuthOptions.Section, typeof(AuthOptions)),
            (ReportsOptions.Section, typeof(ReportsOptions)),
            (SiteModelOptions.Section, typeof(SiteModelOptions)),
            (SiteRetrainOptions.Section, typeof(SiteRetrainOptions)),
        };

        foreach (var (section, type) in options)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = $"{section}:{property.Name}";
                Assert.Contains($"`{key}`", docs);
                Assert.Contains($"`{key.Replace(":", "__", StringComparison.Ordinal)}`", docs);
            }
        }
    }

    [Fact]
    public void Every_site_setting_is_documented_with_its_environment_variable_form()
    {
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));

        var keys = SiteKeys(typeof(SiteSettings), "Moderation:Sites:{siteId}").ToList();

        Assert.Contains("Moderation:Sites:{siteId}:Terms:Banned:{n}", keys);
        foreach (var key in keys)
        {
            Assert.Contains($"`{key}`", docs);
            Assert.Contains($"`{key.Replace(":", "__", StringComparison.Ordinal)}`", docs);
        }
    }

    [Fact]
    public void Every_key_in_appsettings_outside_the_sites_is_documented()
    {
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "Moderation.Service", "appsettings.json")));

        foreach (var key in Flatten(settings.RootElement, "").Where(k => !k.StartsWith("Moderation:Sites:", StringComparison.Ordinal) && !k.StartsWith("Serilog:", StringComparison.Ordinal)))
        {
            Assert.Contains($"`{key}`", docs);
        }
    }

    /// <summary>Configuration keys of a settings class: nested settings recurse, lists take an index.</summary>
    private static IEnumerable<string> SiteKeys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var t = property.PropertyType;
            if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t))
            {
                yield return key + ":{n}";
            }
            else if (t.IsClass && t != typeof(string))
            {
                foreach (var nested in SiteKeys(t, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private static IEnumerable<string> Flatten(JsonElement element, string prefix) => element.ValueKind == JsonValueKind.Object
        ? element.EnumerateObject().SelectMany(p => Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}"))
        : [prefix];

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Moderation.sln")))
        {
            dir = dir.Parent ?? throw new InvalidOperationException("No Moderation.sln above the test binaries.");
        }

        return dir.FullName;
    }
}
