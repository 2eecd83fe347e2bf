namespace Moderation.IntegrationTests.Support;

/// <summary>Files of the repository the tests check (deploy/, examples, compose), found from the test binaries upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Moderation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Moderation.sln above {AppContext.BaseDirectory}.");
    }
}
