using System.Globalization;
using System.Text;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// Unescapes a JSON string token by hand, for the one case System.Text.Json refuses: an escaped unpaired UTF-16
/// surrogate (<c>"\ud800"</c>), which JavaScript's <c>JSON.stringify</c> writes for a string cut inside a surrogate pair.
/// The result may hold that lone surrogate; <see cref="Observatory.Core.Spans.StorableText"/> replaces it.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>The text of <paramref name="rawToken"/>, a string token exactly as it appears in the (already validated) JSON, quotes included.</summary>
    public static string Unescape(string rawToken)
    {
        var text = rawToken.AsSpan(1, rawToken.Length - 2);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            var escape = text[++i];
            switch (escape)
            {
                case 'u':
                    result.Append((char)ushort.Parse(text.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'b':
                    result.Append('\b');
                    break;
                case 'f':
                    result.Append('\f');
                    break;
                case 'n':
                    result.Append('\n');
                    break;
                case 'r':
                    result.Append('\r');
                    break;
                case 't':
                    result.Append('\t');
                    break;
                default: // \" \\ \/
                    result.Append(escape);
                    break;
            }
        }

        return result.ToString();
    }
}
