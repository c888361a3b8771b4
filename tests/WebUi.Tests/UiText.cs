namespace Observatory.WebUi.Tests;

/// <summary>Unique names for one test's data: letters only, so full-text search sees one word.</summary>
public static class UiText
{
    public static string Unique(string prefix) =>
        prefix + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
}
