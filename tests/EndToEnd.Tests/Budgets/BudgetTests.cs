using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Exporter;

namespace Observatory.EndToEnd.Tests.Budgets;

/// <summary>Budgets kept live by grains, fed by real OTLP traffic over loopback, against the stored spans.</summary>
public sealed class BudgetTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    /// <summary>One LlmTraceSender trace: its OpenAI and Anthropic calls.</summary>
    private const decimal TraceCost = LlmTraceSender.OpenAiCost + LlmTraceSender.AnthropicCost;

    /// <summary>(1,000 + 500) + (2,000 + 100) tokens.</summary>
    private const long TraceTokens = 3600;

    [Fact]
    public async Task Otlp_traffic_that_crosses_the_limit_flips_check_to_not_allowed_within_a_second_of_the_acknowledgement()
    {
        var id = await BudgetClient.CreateAsync(Host.Api, new { name = "cross", period = "day", limitUsd = 0.02m, scope = new { service = "budget-cross" } });
        var fresh = await BudgetClient.CheckAsync(Host.Api, id);
        Assert.True(fresh.GetProperty("allowed").GetBoolean());
        Assert.Equal(0m, fresh.GetProperty("spentUsd").GetDecimal());

        // The real OpenTelemetry exporter: Send returns once the export was acknowledged.
        LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, "budget-cross");
        var (below, _) = await BudgetClient.PollAsync(Host.Api, id, c => c.GetProperty("spentUsd").GetDecimal() == TraceCost, TimeSpan.FromSeconds(1));
        Assert.Equal(TraceCost, below.GetProperty("spentUsd").GetDecimal());
        Assert.True(below.GetProperty("allowed").GetBoolean());
        Assert.Equal(0.02m - TraceCost, below.GetProperty("remainingUsd").GetDecimal());

        LlmTraceSender.Send(Host.GrpcEndpoint, OtlpExportProtocol.Grpc, gzip: false, "budget-cross");
        var (over, after) = await BudgetClient.PollAsync(Host.Api, id, c => !c.GetProperty("allowed").GetBoolean(), TimeSpan.FromSeconds(5));

        Assert.False(over.GetProperty("allowed").GetBoolean());
        Assert.True(after < TimeSpan.FromSeconds(1), $"check said allowed:false {after.TotalMilliseconds:0} ms after the acknowledgement");
        Assert.Equal(2 * TraceCost, over.GetProperty("spentUsd").GetDecimal());
        Assert.Equal(0m, over.GetProperty("remainingUsd").GetDecimal());
        Assert.Equal(2 * TraceTokens, over.GetProperty("spentTokens").GetInt64());
        var midnight = DateTime.UtcNow.Date;
        Assert.Equal(new DateTimeOffset(midnight.AddDays(1)), over.GetProperty("periodEnd").GetDateTimeOffset());
        Assert.True(over.GetProperty("projectedUsd").GetDecimal() >= over.GetProperty("spentUsd").GetDecimal());
    }

    [Fact]
    public async Task A_budget_created_mid_period_back_fills_from_the_stored_spans_of_its_period_and_scope()
    {
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "budget-backfill");
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "budget-backfill");
        // Not in the budget: another service, and a call two days ago (before the period).
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "budget-backfill-other");
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "budget-backfill", DateTime.UtcNow.AddDays(-2));

        var id = await BudgetClient.CreateAsync(Host.Api, new { name = "late", period = "day", limitTokens = 20_000, scope = new { service = "budget-backfill" } });
        var check = await BudgetClient.CheckAsync(Host.Api, id);

        Assert.Equal(2 * BudgetClient.MiniCallCost, check.GetProperty("spentUsd").GetDecimal());
        Assert.Equal(10_000, check.GetProperty("spentTokens").GetInt64());
        Assert.Equal(10_000, check.GetProperty("remainingTokens").GetInt64());
        Assert.True(check.GetProperty("allowed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("limitUsd").ValueKind);
    }

    [Fact]
    public async Task A_resent_export_counts_once()
    {
        var id = await BudgetClient.CreateAsync(Host.Api, new { name = "resend", period = "rolling", windowMinutes = 60, limitUsd = 1m, scope = new { service = "budget-resend" } });
        var body = await BudgetClient.SendMiniCallAsync(Host.Otlp, "budget-resend");
        await BudgetClient.PostAsync(Host.Otlp, body);
        await BudgetClient.PostAsync(Host.Otlp, body);
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "budget-resend");

        var (check, _) = await BudgetClient.PollAsync(Host.Api, id, c => c.GetProperty("spentUsd").GetDecimal() >= 2 * BudgetClient.MiniCallCost, TimeSpan.FromSeconds(2));
        // Time for a double count to show, had there been one.
        await Task.Delay(300);
        check = await BudgetClient.CheckAsync(Host.Api, id);

        Assert.Equal(2 * BudgetClient.MiniCallCost, check.GetProperty("spentUsd").GetDecimal());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("periodEnd").ValueKind);
        Assert.Equal(check.GetProperty("spentUsd").GetDecimal(), check.GetProperty("projectedUsd").GetDecimal());
    }

    [Fact]
    public async Task A_budget_created_under_load_ends_equal_to_the_stored_spans()
    {
        const string service = "budget-race";
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await BudgetClient.SendMiniCallAsync(Host.Otlp, service);
            }
        });
        await Task.Delay(300);
        var id = await BudgetClient.CreateAsync(Host.Api, new { name = "race", period = "day", limitUsd = 1000m, scope = new { service } });
        await Task.Delay(1500);
        stop.Cancel();
        await load;

        // Every acknowledged call is stored; the live count, which raced with the back-fill, must be exactly their sum
        // within the router's interval (no periodic re-read helps: it is 5 minutes away).
        var stored = await Host.Database.ScalarAsync<decimal>(BudgetClient.StoredCostSql, service);
        var (check, _) = await BudgetClient.PollAsync(Host.Api, id, c => c.GetProperty("spentUsd").GetDecimal() == stored, TimeSpan.FromSeconds(1));
        Assert.True(stored > 10 * BudgetClient.MiniCallCost, $"only {stored} was stored: the load did not run");
        Assert.Equal(stored, check.GetProperty("spentUsd").GetDecimal());
        await Task.Delay(300);
        Assert.Equal(stored, (await BudgetClient.CheckAsync(Host.Api, id)).GetProperty("spentUsd").GetDecimal());
    }

    [Fact]
    public async Task A_re_cost_is_reflected_in_the_spend()
    {
        var model = "budget-recost-model";
        var id = await BudgetClient.CreateAsync(Host.Api, new { name = "recost", period = "month", timeZone = "Europe/Paris", limitUsd = 1m, scope = new { model } });
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        await BudgetClient.PostAsync(Host.Otlp, OtlpRequests.LlmTrace(traceId, "budget-recost", model, 1_000_000, 0).ToByteArray());
        // Unpriced model: it cost nothing when stored.
        var (before, _) = await BudgetClient.PollAsync(Host.Api, id, c => c.GetProperty("spentTokens").GetInt64() == 1_000_000, TimeSpan.FromSeconds(1));
        Assert.Equal(0m, before.GetProperty("spentUsd").GetDecimal());

        using (var price = await Host.Api.PutAsJsonAsync($"/api/v1/pricing/openai/{model}", new { rates = new { inputPerMillion = 2m, outputPerMillion = 8m } }))
        {
            Assert.Equal(HttpStatusCode.OK, price.StatusCode);
        }

        using (var recost = await Host.Api.PostAsJsonAsync("/api/v1/pricing/recost",
                   new { model, from = DateTime.UtcNow.AddHours(-1), to = DateTime.UtcNow.AddHours(1) }))
        {
            Assert.Equal(HttpStatusCode.OK, recost.StatusCode);
        }

        Assert.Equal(2m, (await BudgetClient.CheckAsync(Host.Api, id)).GetProperty("spentUsd").GetDecimal());
    }

    [Fact]
    public async Task The_bulk_check_answers_for_the_budgets_that_count_such_a_call_and_allows_only_if_all_do()
    {
        var project = await BudgetClient.CreateAsync(Host.Api, new { name = "bulk-all", period = "week", limitUsd = 1000m });
        var service = await BudgetClient.CreateAsync(Host.Api, new { name = "bulk-service", period = "day", limitUsd = 0.001m, scope = new { service = "budget-bulk" } });
        var user = await BudgetClient.CreateAsync(Host.Api, new { name = "bulk-user", period = "day", limitUsd = 5m, scope = new { service = "budget-bulk", userId = "u-bulk" } });
        var other = await BudgetClient.CreateAsync(Host.Api, new { name = "bulk-other", period = "day", limitUsd = 5m, scope = new { service = "budget-bulk-other" } });
        static List<string?> Ids(JsonElement bulk) => bulk.GetProperty("budgets").EnumerateArray().Select(b => b.GetProperty("budgetId").GetString()).ToList();

        var before = await Host.GetJsonAsync("/api/v1/budgets/check?service=budget-bulk&userId=u-bulk");
        Assert.Equal([project, service, user], Ids(before).Where(i => i == project || i == service || i == user || i == other).ToList());
        Assert.True(before.GetProperty("allowed").GetBoolean());
        // A budget scoped by user does not apply to a call whose user is not given.
        Assert.DoesNotContain(user, Ids(await Host.GetJsonAsync("/api/v1/budgets/check?service=budget-bulk")));

        // $0.01475 spent by the service: over its $0.001.
        LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, "budget-bulk");
        await BudgetClient.PollAsync(Host.Api, service, c => !c.GetProperty("allowed").GetBoolean(), TimeSpan.FromSeconds(1));

        var forUser = await Host.GetJsonAsync("/api/v1/budgets/check?service=budget-bulk&userId=u-bulk");
        Assert.False(forUser.GetProperty("allowed").GetBoolean());
        var byId = forUser.GetProperty("budgets").EnumerateArray().ToDictionary(b => b.GetProperty("budgetId").GetString()!, b => b.GetProperty("allowed").GetBoolean());
        Assert.Equal((false, true), (byId[service], byId[user]));
        var forOther = await Host.GetJsonAsync("/api/v1/budgets/check?service=budget-bulk-other");
        Assert.True(forOther.GetProperty("allowed").GetBoolean());
        Assert.Contains(other, Ids(forOther));
        Assert.DoesNotContain(service, Ids(forOther));
    }

    [Fact]
    public async Task Budgets_are_listed_replaced_and_deleted_and_bad_bodies_get_a_400_naming_the_problem()
    {
        var id = await BudgetClient.CreateAsync(Host.Api, new { name = "crud", period = "day", limitUsd = 5m });
        using (var put = await Host.Api.PutAsJsonAsync($"/api/v1/budgets/{id}",
                   new { name = "crud2", period = "rolling", windowMinutes = 30, limitTokens = 100, scope = new { provider = "openai" } }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var got = await Host.GetJsonAsync($"/api/v1/budgets/{id}");
        Assert.Equal(("crud2", "rolling", 30, "openai"), (got.GetProperty("name").GetString(), got.GetProperty("period").GetString(),
            got.GetProperty("windowMinutes").GetInt32(), got.GetProperty("scope").GetProperty("provider").GetString()));
        Assert.Contains(id, (await Host.GetJsonAsync("/api/v1/budgets")).GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(100, (await BudgetClient.CheckAsync(Host.Api, id)).GetProperty("limitTokens").GetInt64());

        using (var delete = await Host.Api.DeleteAsync($"/api/v1/budgets/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/budgets/{id}")).Status);
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/budgets/{id}/check")).Status);
        using (var putMissing = await Host.Api.PutAsJsonAsync($"/api/v1/budgets/{id}", new { name = "x", period = "day", limitUsd = 1m }))
        {
            Assert.Equal(HttpStatusCode.NotFound, putMissing.StatusCode);
        }

        foreach (var (body, message) in new (object, string)[]
        {
            (new { name = "x", period = "day" }, "give limitUsd, limitTokens or both."),
            (new { name = "x", period = "fortnight", limitUsd = 1m }, "'period' must be 'day', 'week', 'month' or 'rolling', not 'fortnight'."),
            (new { name = "x", period = "rolling", limitUsd = 1m }, "a rolling period needs windowMinutes between 1 and 44640."),
            (new { name = "x", period = "day", limitUsd = 1m, timeZone = "Nowhere/Land" }, "timeZone 'Nowhere/Land' is not a known time zone"),
            (new { name = "x", period = "day", limitUsd = -1m }, "limitUsd must be above 0"),
            (new { name = "x", period = "day", limitUsd = 1m, scope = new { attributeKey = "tenant" } }, "scope.attributeKey and scope.attributeValue go together."),
            (new { period = "day", limitUsd = 1m }, "The body must name 'name', 'period'"),
        })
        {
            using var response = await Host.Api.PostAsJsonAsync("/api/v1/budgets", body);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, error.GetProperty("error").GetProperty("message").GetString());
        }
    }
}
