namespace Moderation.Cli;

/// <summary>Finds the repository root (the directory holding Moderation.sln) from the current directory upwards.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Moderation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException("Run this from inside the repository (no Moderation.sln found above the current directory), or pass explicit paths.");
    }

    public static string Corpus => Path.Combine(Root(), "src", "Moderation.Classifiers", "Corpus");

    public static string Models => Path.Combine(Root(), "src", "Moderation.Classifiers", "Models");
}
