namespace Moderation.Core.Sites;

/// <summary>Looks up the current settings of a site; changes take effect without a restart.</summary>
public interface ISiteSettingsProvider
{
    /// <summary>The site's settings, or null when the site is not configured.</summary>
    SiteSettings? Find(string siteId);
}
