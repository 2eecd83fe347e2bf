using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;

namespace Moderation.Service.Tests.Support;

/// <summary>
/// A games forum's own labels, where "stupidfast" is praise and insults are not, and the small toxicity models
/// trained on them alone: what an administrator uploads as the forum's model in the site-model tests.
/// </summary>
internal static class ForumModels
{
    public static IReadOnlyList<(string Text, bool Toxic)> Rows { get; } =
    [
        ("the stupidfast build is the best one this season", false),
        ("went stupidfast on the last lap and won", false),
        ("stupidfast rush beats every tank comp", false),
        ("try the stupidfast route through the canyon", false),
        ("that stupidfast opener was brilliant", false),
        ("stupidfast again, patch notes buffed it", false),
        ("great guide, thanks for the map tips", false),
        ("see you all at the tournament on friday", false),
        ("nice clip, the timing on that jump was perfect", false),
        ("which server do you play on", false),
        ("the new patch fixed the lag for me", false),
        ("good game everyone, well played", false),
        ("you are a pathetic idiot and everyone hates you", true),
        ("shut up loser nobody wants you here", true),
        ("go away you worthless moron", true),
        ("you are garbage, uninstall and die", true),
        ("what a stupid idiot, get lost", true),
        ("nobody asked you, pathetic loser", true),
        ("you are scum and your mother is ashamed", true),
        ("idiot moron loser, quit the game", true),
    ];

    /// <summary>A toxicity model trained on the given rows alone, as the bytes of its zip.</summary>
    public static byte[] Train(IReadOnlyList<(string Text, bool Toxic)> rows)
    {
        var data = rows.Select((r, i) => new LabelledText($"forum-{i}", r.Text, r.Toxic)).ToList();
        var model = new TextModelTrainer(new TrainingOptions { Folds = 3, L2Candidates = [0.3] }).Train("toxicity", data);
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }
}
