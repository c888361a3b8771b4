using System.Text;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// The OTLP/JSON path of the element being read (<c>resourceSpans[0].scopeSpans[1].spans[3].traceId</c>),
/// kept as a stack so the happy path never formats it.
/// </summary>
internal sealed class JsonPath
{
    private readonly List<(string? Name, int Index)> _segments = [];

    public void Push(string name) => _segments.Add((name, -1));

    public void Push(int index) => _segments.Add((null, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public OtlpDecodeException Error(string problem) => OtlpDecodeException.At(ToString(), problem);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, index) in _segments)
        {
            if (name is null)
            {
                text.Append('[').Append(index).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(name);
            }
        }

        return text.ToString();
    }
}
