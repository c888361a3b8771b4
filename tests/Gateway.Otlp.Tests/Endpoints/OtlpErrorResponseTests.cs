using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Observatory.Web.Otlp;
using RpcStatus = Observatory.Gateway.Otlp.Proto.Rpc.Status;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>
/// The one OTLP/HTTP error writer the gateway (400/413/415/503) and the rate limiter (429) share: its protobuf body is
/// exactly what the generated google.rpc.Status encodes, and the encoding follows the request's Content-Type.
/// </summary>
public sealed class OtlpErrorResponseTests
{
    // Over 127 UTF-8 bytes, so the message length takes a two-byte varint; non-ASCII, so bytes and chars differ.
    private static readonly string LongMessage = "décodage refusé: " + new string('x', 200);

    [Theory]
    [InlineData(RpcCodes.InvalidArgument, "resourceSpans[0]: expected an object")]
    [InlineData(RpcCodes.ResourceExhausted, "")]
    [InlineData(RpcCodes.Unavailable, null)]
    public void Protobuf_status_is_byte_for_byte_the_generated_google_rpc_status(int code, string? message)
    {
        message ??= LongMessage;
        var bytes = OtlpErrorResponse.ProtobufStatus(code, message);

        Assert.Equal(new RpcStatus { Code = code, Message = message }.ToByteArray(), bytes);
        var decoded = RpcStatus.Parser.ParseFrom(bytes);
        Assert.Equal(code, decoded.Code);
        Assert.Equal(message, decoded.Message);
    }

    [Theory]
    [InlineData("application/x-protobuf", true)]
    [InlineData("Application/X-Protobuf; charset=binary", true)]
    [InlineData("application/json", false)]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/x-protobuffer", false)]
    [InlineData(null, false)]
    public async Task Answer_is_a_status_in_the_request_encoding(string? requestType, bool protobuf)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = requestType;
        var body = new MemoryStream();
        context.Response.Body = body;

        await OtlpErrorResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, RpcCodes.ResourceExhausted, LongMessage);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal(body.Length, context.Response.ContentLength);
        if (protobuf)
        {
            Assert.Equal("application/x-protobuf", context.Response.ContentType);
            var status = RpcStatus.Parser.ParseFrom(body.ToArray());
            Assert.Equal((RpcCodes.ResourceExhausted, LongMessage), (status.Code, status.Message));
        }
        else
        {
            Assert.Equal("application/json", context.Response.ContentType);
            using var json = JsonDocument.Parse(body.ToArray());
            Assert.Equal(RpcCodes.ResourceExhausted, json.RootElement.GetProperty("code").GetInt32());
            Assert.Equal(LongMessage, json.RootElement.GetProperty("message").GetString());
            // Readable as sent: messages quote what the caller sent, so nothing is \u-escaped that need not be.
            Assert.Contains("décodage refusé", Encoding.UTF8.GetString(body.ToArray()));
        }
    }
}
