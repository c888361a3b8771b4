using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Observatory.Gateway.Api.Hosting;
using Orleans.Runtime;

namespace Observatory.EndToEnd.Tests;

/// <summary>What the API answers when a grain call fails because of the cluster, not because of the request.</summary>
public sealed class ClusterUnavailableHandlerTests
{
    public static TheoryData<Exception> ClusterFailures() => new()
    {
        new OrleansException("Target silo S127.0.0.1:11112:1 is unavailable"),
        new SiloUnavailableException("The silo is dead"),
        new TimeoutException("Response did not arrive on time in 00:00:30"),
        new AggregateException(new SiloUnavailableException("wrapped")),
    };

    [Theory]
    [MemberData(nameof(ClusterFailures))]
    public async Task A_failing_cluster_is_a_503_with_retry_after_in_the_api_error_shape(Exception failure)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        Assert.True(await new ClusterUnavailableHandler().TryHandleAsync(context, failure, default));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var error = JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("error");
        Assert.Equal("unavailable", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Errors_of_the_request_or_the_code_are_left_to_the_other_handlers()
    {
        var context = new DefaultHttpContext();
        Assert.False(await new ClusterUnavailableHandler().TryHandleAsync(context, new InvalidOperationException("a bug"), default));
        Assert.False(await new ClusterUnavailableHandler().TryHandleAsync(context, new ArgumentException("bad"), default));
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }
}
