using System.Buffers;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// What may not come just before a match, checked in code rather than by a regex lookbehind: a pattern that starts
/// with a lookbehind is tried at every position, one that starts with its first character gets a vectorised search.
/// The checks hold inside JSON-encoded content too: in <c>"Call me:\n+44 20 7946 0958"</c> the value follows a literal
/// backslash-n, and a plain word boundary would see the <c>n</c> as part of the word and miss it.
/// </summary>
internal static class Boundaries
{
    /// <summary>Letters and digits: keywords such as <c>secret</c> may follow '_' (<c>client_secret</c>).</summary>
    public static readonly SearchValues<char> Alphanumeric = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>Letters, digits and '_'.</summary>
    public static readonly SearchValues<char> Word = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>As <see cref="Word"/>, and '-' (tokens contain hyphens).</summary>
    public static readonly SearchValues<char> Token = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>As <see cref="Token"/>, and '+' and '.': not inside a longer number, version or signed value.</summary>
    public static readonly SearchValues<char> Number = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+.");

    /// <summary>True when the character before <paramref name="index"/> is not in <paramref name="notAfter"/>, or ends a JSON escape.</summary>
    public static bool StartsAt(ReadOnlySpan<char> text, int index, SearchValues<char> notAfter) =>
        index == 0 || !notAfter.Contains(text[index - 1]) || IsEscapeLetter(text, index - 1);

    /// <summary>True when <paramref name="index"/> begins a word.</summary>
    public static bool StartsWord(ReadOnlySpan<char> text, int index) => StartsAt(text, index, Word);

    /// <summary>True when the character at <paramref name="index"/> is the letter of a JSON escape (the n of <c>\n</c>).</summary>
    public static bool IsEscapeLetter(ReadOnlySpan<char> text, int index) =>
        index >= 1 && text[index - 1] == '\\' && text[index] is 'n' or 'r' or 't' or 'b' or 'f';

    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
