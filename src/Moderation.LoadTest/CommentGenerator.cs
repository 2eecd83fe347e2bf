using System.Text;
using System.Text.Json;
using Moderation.Contracts;

namespace Moderation.LoadTest;

/// <summary>What kind of comment the generator meant to write; the service decides for itself.</summary>
internal enum CommentMix
{
    Clean,
    Spam,
    Toxic,
    Duplicate,
}

/// <summary>
/// Seeded, realistic-looking reader comments: mostly clean remarks, some link spam with banned
/// product names, some insults, and a spam campaign posting one text from many accounts. Several
/// sites, a long tail of authors, several scripts and emoji. The text is made up here from small
/// word lists; it is not taken from any data set.
/// </summary>
internal sealed class CommentGenerator(int seed, string runId, IReadOnlyList<string> sites)
{
    private static readonly string[] Openers =
    [
        "I think", "Honestly,", "As someone who lives nearby,", "Good piece, but", "Not sure I agree:", "Thanks for this.",
        "My two cents:", "Interesting that", "Having read the report,", "Small correction:",
    ];

    private static readonly string[] Subjects =
    [
        "the council's budget", "the new tram line", "this season's squad", "the bakery on Mill Street", "the school timetable",
        "the housing plan", "the referee", "the museum's new wing", "the water rates", "the cycling lanes", "the festival",
    ];

    private static readonly string[] Claims =
    [
        "deserves more attention than it gets", "was handled better last year", "is finally moving in the right direction",
        "will cost more than anyone admits", "looks fine on paper", "needs a second look before the vote",
        "made my morning commute easier", "is not what was promised", "should be explained in plain words",
    ];

    private static readonly string[] Closers =
    [
        "", " Keep up the reporting.", " Would love a follow-up.", " Just my view.", " 👍", " 🙂", " Cheers!",
        " Merci pour l'article.", " Danke für den Bericht.", " ありがとう。", " Спасибо.", " شكرا", " 🎉🎉",
    ];

    private static readonly string[] Products = ["viagra", "cialis", "cheap watches", "buy followers", "crypto signals", "diet pills"];

    private static readonly string[] Insults = ["idiot", "moron", "clown", "fool"];

    private readonly Random _random = new(seed);
    private readonly string[] _campaign =
    [
        "Earn 500 a day from home, no experience needed, ask me how at https://quick-cash.example/join",
        "Great article! Check my profile for free gift cards https://gift-card.example/win https://gift-card.example/now",
    ];

    public (CommentSubmitted Comment, CommentMix Mix) Next(int sequence)
    {
        var site = sites[sequence % sites.Count];
        var roll = _random.NextDouble();
        var mix = roll switch
        {
            < 0.70 => CommentMix.Clean,
            < 0.82 => CommentMix.Spam,
            < 0.92 => CommentMix.Toxic,
            _ => CommentMix.Duplicate,
        };
        // A long tail: a few busy authors and many occasional ones.
        var author = _random.NextDouble() < 0.3 ? _random.Next(20) : _random.Next(20, 5000);
        var text = mix switch
        {
            CommentMix.Clean => Clean(),
            CommentMix.Spam => Spam(),
            CommentMix.Toxic => Toxic(),
            _ => _campaign[_random.Next(_campaign.Length)],
        };
        var comment = new CommentSubmitted
        {
            CommentId = CommentId(runId, sequence),
            SiteId = site,
            ThreadId = $"article-{_random.Next(200)}",
            ThreadUrl = $"https://{site}.example/articles/{_random.Next(200)}",
            ParentId = _random.NextDouble() < 0.3 ? $"{runId}-parent-{_random.Next(1000)}" : null,
            Text = text,
            Author = new CommentAuthor
            {
                Id = $"reader-{author}",
                DisplayName = $"Reader {author}",
                AccountAgeDays = _random.Next(0, 2000),
                UserAgent = "Mozilla/5.0 (load test)",
            },
            SubmittedAt = DateTimeOffset.UtcNow,
            Language = "en",
            Metadata = new Dictionary<string, string> { ["section"] = Subjects[sequence % Subjects.Length].Split(' ')[^1], ["run"] = runId },
        };
        return (comment, mix);
    }

    public static string CommentId(string runId, int sequence) => $"{runId}-{sequence}";

    public static byte[] Serialize(CommentSubmitted comment) => JsonSerializer.SerializeToUtf8Bytes(comment, Json);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    private string Clean()
    {
        var sentences = 1 + _random.Next(4);
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append(Pick(Openers)).Append(' ').Append(Pick(Subjects)).Append(' ').Append(Pick(Claims)).Append(". ");
        }

        // One comment in fifty is a long, careful reply.
        if (_random.NextDouble() < 0.02)
        {
            for (var i = 0; i < 25; i++)
            {
                text.Append(Pick(Subjects)).Append(' ').Append(Pick(Claims)).Append("; ");
            }
        }

        return text.Append(Pick(Closers)).ToString().Trim();
    }

    private string Spam()
    {
        var product = Pick(Products);
        var links = 1 + _random.Next(4);
        var text = new StringBuilder($"Best prices on {product} this week only!");
        for (var i = 0; i < links; i++)
        {
            text.Append($" https://deal{_random.Next(50)}.example/{product.Replace(' ', '-')}?ref={_random.Next(10000)}");
        }

        return text.ToString();
    }

    private string Toxic() =>
        $"{Pick(Openers)} whoever wrote about {Pick(Subjects)} is an {Pick(Insults)} and so is everyone agreeing. {Pick(Closers)}".Trim();

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
