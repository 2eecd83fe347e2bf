using System.Globalization;

namespace Moderation.Core.Rules;

/// <summary>The writing system of a letter, by Unicode block; enough to tell a site's script from others.</summary>
public static class Scripts
{
    public static IReadOnlyList<string> Names { get; } =
        ["Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Arabic", "Hebrew", "Devanagari", "Bengali", "Tamil", "Thai", "Han", "Hiragana", "Katakana", "Hangul", "Other"];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The script of a letter; "Other" for letters of scripts not listed.</summary>
    public static string Of(int codePoint) => codePoint switch
    {
        < 0x0250 => "Latin",
        >= 0x1E00 and < 0x1F00 => "Latin",
        >= 0xFF21 and < 0xFF5B => "Latin", // full-width Latin
        >= 0x0370 and < 0x0400 => "Greek",
        >= 0x1F00 and < 0x2000 => "Greek",
        >= 0x0400 and < 0x0530 => "Cyrillic",
        >= 0x0530 and < 0x0590 => "Armenian",
        >= 0x0590 and < 0x0600 => "Hebrew",
        >= 0x0600 and < 0x0780 => "Arabic",
        >= 0x08A0 and < 0x0900 => "Arabic",
        >= 0x0900 and < 0x0980 => "Devanagari",
        >= 0x0980 and < 0x0A00 => "Bengali",
        >= 0x0B80 and < 0x0C00 => "Tamil",
        >= 0x0E00 and < 0x0E80 => "Thai",
        >= 0x10A0 and < 0x1100 => "Georgian",
        >= 0x1100 and < 0x1200 => "Hangul",
        >= 0xAC00 and < 0xD7B0 => "Hangul",
        >= 0x3040 and < 0x30A0 => "Hiragana",
        >= 0x30A0 and < 0x3100 => "Katakana",
        >= 0x3400 and < 0xA000 => "Han",
        >= 0x20000 and < 0x32000 => "Han",
        _ => "Other",
    };

    /// <summary>True for a letter (of any script), by code point.</summary>
    public static bool IsLetter(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
}
