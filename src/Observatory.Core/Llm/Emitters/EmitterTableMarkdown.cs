using System.Text;

namespace Observatory.Core.Llm.Emitters;

/// <summary>Renders <see cref="EmitterTable"/> as the Markdown table README shows (a test keeps the two the same).</summary>
public static class EmitterTableMarkdown
{
    /// <summary>The table, one line per row, header first.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("| `llm.emitter` | instrumentation | provider | recognised by | input | output | cache read / write | reasoning | input includes cache | output includes reasoning | time to first token | read from |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in EmitterTable.Rows)
        {
            var reads = row.Reads;
            text.Append("| `").Append(row.Id).Append("` | ")
                .Append(row.Instrumentation).Append(" | ")
                .Append(row.Provider).Append(" | ")
                .Append(row.RecognisedBy).Append(" | ")
                .Append(Input(reads)).Append(" | ")
                .Append(Names(reads.Output)).Append(" | ")
                .Append(Cache(reads)).Append(" | ")
                .Append(Names(reads.Reasoning)).Append(row.ReasoningInTotal ? ", else total − input − output" : "").Append(" | ")
                .Append(row.InputIncludesCache ? "yes" : "**no**: cache added").Append(" | ")
                .Append(!row.OutputIncludesReasoning ? "**no**: reasoning added"
                    : row.TotalTellsReasoningInclusion ? "yes, unless total = input + output + reasoning" : "yes").Append(" | ")
                .Append(reads.TimeToFirstToken is { } ttft ? $"`{ttft.Attribute}` ({(ttft.Unit == TimeUnit.Seconds ? "s" : "ms")})" : "shared names").Append(" | ")
                .Append(row.Source).Append(row.Note is null ? "" : ". " + row.Note).AppendLine(" |");
        }

        return text.ToString();
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Select(n => $"`{n}`").ToList();
        return list.Count == 0 ? "—" : string.Join(" / ", list);
    }

    private static string Input(EmitterAttributes reads) =>
        reads.InputInMetadata is { } m ? $"`{m.Attribute}` → {Paths(m.Paths)}, else {Names(reads.Input)}" : Names(reads.Input);

    private static string Paths(string[][] paths) => string.Join(" or ", paths.Select(p => string.Join(".", p)));

    private static string Cache(EmitterAttributes reads)
    {
        var read = reads.CacheRead.Select(n => $"`{n}`").ToList();
        var write = reads.CacheWrite.Select(n => $"`{n}`").ToList();
        if (reads.CacheReadInMetadata is { } r)
        {
            read.Add($"`{r.Attribute}` → {Paths(r.Paths)}");
        }

        if (reads.CacheWriteInMetadata is { } w)
        {
            write.Add($"`{w.Attribute}` → {Paths(w.Paths)}");
        }

        return $"{(read.Count == 0 ? "—" : string.Join(" / ", read))}; {(write.Count == 0 ? "—" : string.Join(" / ", write))}";
    }
}
