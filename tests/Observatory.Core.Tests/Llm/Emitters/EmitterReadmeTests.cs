using Observatory.Core.Llm.Emitters;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>README's emitter table is the code's table: rendered from <see cref="EmitterTable"/>, compared line by line.</summary>
public class EmitterReadmeTests
{
    private const string Start = "<!-- emitter-table:start (generated from EmitterTable; EmitterReadmeTests checks it) -->";
    private const string End = "<!-- emitter-table:end -->";

    [Fact]
    public void README_shows_the_emitter_table_of_the_code()
    {
        var readme = File.ReadAllText(FindReadme());
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md lacks the markers {Start} … {End}");

        var shown = readme[(from + Start.Length)..to].Trim().ReplaceLineEndings("\n");
        var expected = EmitterTableMarkdown.Render().Trim().ReplaceLineEndings("\n");
        if (shown != expected)
        {
            // The rendered table, ready to paste between the markers.
            var path = Path.Combine(Path.GetTempPath(), "README.emitter-table.md");
            File.WriteAllText(path, expected + "\n");
            Assert.Fail($"README's emitter table differs from EmitterTable; the rendered table is in {path}");
        }
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return Path.Combine(dir.FullName, "README.md");
            }
        }

        throw new FileNotFoundException("README.md next to Orleans.sln");
    }
}
