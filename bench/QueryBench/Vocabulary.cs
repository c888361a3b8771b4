namespace Observatory.Bench.QueryBench;

/// <summary>
/// The words prompts and completions are made of, shared by the seeder (which writes them) and the benchmark (which
/// searches for them). Ordinary words follow a Zipf distribution by their rank in <see cref="Words"/>, so the first
/// few appear in most LLM calls and the tail in a few percent; each <see cref="Rare"/> word is planted in about one
/// call in 100,000, so a full-text search has every selectivity from "almost everything" to "a few dozen traces".
/// </summary>
internal static class Vocabulary
{
    public static readonly string[] Words =
        ("order customer refund shipping invoice account payment delivery product price please help thanks " +
         "question answer issue problem update status request return policy support ticket email address " +
         "password login subscription plan upgrade cancel billing charge card receipt discount coupon warranty " +
         "replacement damaged missing package tracking number carrier estimate week today tomorrow yesterday " +
         "summary document report analysis search result source citation context query database table index " +
         "function error exception stack trace deploy release version build test review code change commit " +
         "branch merge pipeline service endpoint latency timeout retry cache memory disk network region cluster " +
         "container image kubernetes node pod metric alert dashboard incident outage postmortem runbook owner " +
         "team manager meeting schedule calendar reminder note task project milestone deadline budget forecast " +
         "revenue cost margin quarter growth churn retention cohort funnel conversion campaign audience segment " +
         "translate language french german spanish japanese portuguese italian korean chinese dutch swedish " +
         "contract clause liability agreement signature renewal termination compliance audit privacy consent " +
         "patient appointment prescription dosage symptom diagnosis insurance claim coverage deductible provider " +
         "recipe ingredient calories vegetarian allergy restaurant reservation menu flight hotel booking itinerary " +
         "passport visa luggage gate boarding seat upgrade loyalty points balance transfer statement interest loan " +
         "mortgage rate approval application income employer verification identity fraud dispute chargeback " +
         "vector embedding retrieval chunk rerank prompt completion token model temperature evaluation benchmark " +
         "hallucination grounding guardrail moderation toxicity jailbreak injection redaction anonymize pii " +
         "python javascript typescript rust golang java csharp sql regex json yaml xml csv parquet schema migration " +
         "weather forecast temperature humidity wind storm snow rain sunny cloudy travel advisory holiday vacation")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();

    /// <summary>Invented words, each planted in ~1e-5 of the LLM calls: the needle-in-a-haystack searches.</summary>
    public static readonly string[] Rare =
    [
        "quokkafied", "zentrovault", "plimsoller", "vexabyte", "orbitrella", "mandolix", "glimmerstone", "trundlewick",
        "snorkelion", "fizzlepath", "crumblehorn", "wobblecrest", "jitterfern", "brambleglow", "quillanova", "marzipod",
        "tangovex", "yonderbrick", "pebbleflux", "hazelquirk",
    ];

    /// <summary>Probability that one LLM call's prompt carries one rare word.</summary>
    public const double RarePerCall = 0.0002;

    /// <summary>Searched by the benchmark: a top word, a mid-rank word, a tail word, a rare word, a phrase and a word that is nowhere.</summary>
    public static string Common => Words[0];
    public static string Medium => Words[40];
    public static string Tail => Words[^5];
    public static string RareWord => Rare[3];
    public const string Phrase = "\"refund policy\"";
    public const string Missing = "zzqxnonexistentword";

    private static readonly double[] Cumulative = BuildCumulative();

    private static double[] BuildCumulative()
    {
        var c = new double[Words.Length];
        var sum = 0.0;
        for (var i = 0; i < Words.Length; i++)
        {
            sum += 1.0 / (i + 1);
            c[i] = sum;
        }

        for (var i = 0; i < c.Length; i++)
        {
            c[i] /= sum;
        }

        return c;
    }

    /// <summary>A word drawn by Zipf rank.</summary>
    public static string Next(Random rng)
    {
        var u = rng.NextDouble();
        var i = Array.BinarySearch(Cumulative, u);
        return Words[Math.Min(i < 0 ? ~i : i, Words.Length - 1)];
    }
}
