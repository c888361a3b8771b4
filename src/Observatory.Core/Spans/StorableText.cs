using System.Text;

namespace Observatory.Core.Spans;

/// <summary>
/// Text as PostgreSQL can store it. PostgreSQL text and jsonb cannot hold U+0000, and UTF-8 cannot encode an unpaired
/// UTF-16 surrogate (OTLP/JSON may carry one as <c>"\ud800"</c>, e.g. from a JavaScript string cut in half); either
/// would fail the COPY of the whole batch. Both become U+FFFD, the replacement character, so the rest of the value and
/// the request survive. The decoders apply it to every string they read; content and JSON writers apply it again for
/// records built in-process.
/// </summary>
public static class StorableText
{
    public const char Replacement = '\uFFFD';

    /// <summary>The text unchanged (the same instance) when already storable, else a copy with the bad characters replaced.</summary>
    public static string From(string text)
    {
        var span = text.AsSpan();
        var nul = span.IndexOf('\0');
        var surrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (nul < 0 && (surrogate < 0 || !HasUnpairedSurrogate(span[surrogate..])))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                builder.Append(c).Append(span[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
            }
        }

        return builder.ToString();
    }

    /// <summary><see cref="From(string)"/> for an optional value.</summary>
    public static string? FromNullable(string? text) => text is null ? null : From(text);

    private static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
