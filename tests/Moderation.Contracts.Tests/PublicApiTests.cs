using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Moderation.Contracts;

namespace Moderation.Contracts.Tests;

/// <summary>
/// Website backends compile against the contracts: any change to their public surface must be a
/// deliberate addition. When this fails, read the .received.txt diff; if the change only adds,
/// copy it over the .approved.txt. A removal or rename is a new message type instead.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Contracts_public_api_changes_only_on_purpose()
    {
        var api = typeof(CommentSubmitted).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute"] });
        var approvedPath = Path.Combine(SourceDirectory(), "Moderation.Contracts.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";

        if (Normalise(api) != Normalise(approved))
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt", api);
        }

        Assert.Equal(Normalise(approved), Normalise(api));
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
