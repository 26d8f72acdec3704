using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using FimComplete.Protocol;
using FimComplete.Server.Framing;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace FimComplete.Server.Tests;

public sealed class FramingTests : IAsyncLifetime
{
    private readonly Pipe input = new();
    private readonly Pipe output = new();
    private readonly List<string> warnings = [];
    private readonly LspMessageHandler handler;
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));

    public FramingTests()
    {
        var formatter = new SystemTextJsonFormatter();
        LspJson.Configure(formatter.JsonSerializerOptions);
        this.handler = new LspMessageHandler(this.output.Writer, this.input.Reader, formatter, w => { lock (this.warnings) { this.warnings.Add(w); } });
        _ = new JsonRpc(this.handler); // the formatter wants its JsonRpc
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await this.handler.DisposeAsync();
        this.timeout.Dispose();
    }

    [Fact]
    public async Task ReadsWellFormedMessagesInOnePieceAndByteByByte()
    {
        await this.WriteAsync(Frame("""{"jsonrpc":"2.0","id":1,"method":"a","params":{"x":"é😀"}}""") + Frame("""{"jsonrpc":"2.0","method":"b"}"""));
        Assert.Equal("a", await this.ReadMethodAsync());
        Assert.Equal("b", await this.ReadMethodAsync());

        var reading = this.ReadMethodAsync();
        foreach (byte b in Encoding.UTF8.GetBytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + Frame("""{"jsonrpc":"2.0","method":"c"}""")))
        {
            await this.input.Writer.WriteAsync(new[] { b });
        }

        Assert.Equal("c", await reading);
        Assert.Empty(this.warnings);
    }

    [Fact]
    public async Task AnswersMalformedJsonWithParseErrorAndContinues()
    {
        await this.WriteAsync(Frame("""{"jsonrpc":"2.0","id":1,"method":""") + Frame("""{"jsonrpc":"2.0","method":"next"}"""));
        Assert.Equal("next", await this.ReadMethodAsync());
        using var error = await this.ReadResponseAsync();
        Assert.Equal(LspErrorCodes.ParseError, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, error.RootElement.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task AnswersJsonThatIsNotAMessageWithInvalidRequestAndItsId()
    {
        await this.WriteAsync(Frame("""{"jsonrpc":"2.0","id":7,"method":12}""") + Frame("""[1,2]""") + Frame("""{"jsonrpc":"2.0","method":"next"}"""));
        Assert.Equal("next", await this.ReadMethodAsync());
        using var first = await this.ReadResponseAsync();
        Assert.Equal(LspErrorCodes.InvalidRequest, first.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(7, first.RootElement.GetProperty("id").GetInt32());
        using var second = await this.ReadResponseAsync();
        Assert.Equal(LspErrorCodes.InvalidRequest, second.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ResynchronisesAfterAContentLengthThatIsTooLarge()
    {
        string body = """{"jsonrpc":"2.0","method":"lost"}""";
        await this.WriteAsync($"Content-Length: {body.Length + 500}\r\n\r\n{body}");
        await this.WriteAsync(Frame("""{"jsonrpc":"2.0","method":"next"}"""));
        Assert.Equal("next", await this.ReadMethodAsync());
        Assert.Contains(this.warnings, w => w.Contains("next message starts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResynchronisesAfterAContentLengthThatIsTooSmall()
    {
        string body = """{"jsonrpc":"2.0","method":"cut","params":{"a":1}}""";
        await this.WriteAsync($"Content-Length: 10\r\n\r\n{body}" + Frame("""{"jsonrpc":"2.0","method":"next"}"""));
        Assert.Equal("next", await this.ReadMethodAsync());
        using var error = await this.ReadResponseAsync();
        Assert.Equal(LspErrorCodes.ParseError, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task SkipsGarbageAndBadHeaders()
    {
        await this.WriteAsync("hello world\r\n\r\n");
        await this.WriteAsync("Content-Length: abc\r\n\r\n{}");
        await this.WriteAsync("Content-Type: x\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"nolength\"}");
        await this.WriteAsync("Content-Length: 0\r\n\r\n");
        await this.WriteAsync(Frame("""{"jsonrpc":"2.0","method":"next"}"""));
        Assert.Equal("next", await this.ReadMethodAsync());
        Assert.NotEmpty(this.warnings);
    }

    [Fact]
    public async Task ReturnsNullAtTheEndOfInput()
    {
        await this.WriteAsync(Frame("""{"jsonrpc":"2.0","method":"last"}""") + "Content-Length: 100\r\n\r\n{\"trunc");
        await this.input.Writer.CompleteAsync();
        Assert.Equal("last", await this.ReadMethodAsync());
        Assert.Null(await this.handler.ReadAsync(this.timeout.Token));
    }

    [Fact]
    public async Task ReadsLargeMessages()
    {
        string text = new('x', 3_000_000);
        var reading = this.ReadMethodAsync();
        await this.WriteAsync(Frame("{\"jsonrpc\":\"2.0\",\"method\":\"big\",\"params\":{\"text\":\"" + text + "\"}}"));
        Assert.Equal("big", await reading);
    }

    internal static string Frame(string json) => $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";

    private async Task WriteAsync(string text) => await this.input.Writer.WriteAsync(Encoding.UTF8.GetBytes(text), this.timeout.Token);

    private async Task<string> ReadMethodAsync()
    {
        var message = await this.handler.ReadAsync(this.timeout.Token);
        return Assert.IsAssignableFrom<JsonRpcRequest>(message).Method!;
    }

    private async Task<JsonDocument> ReadResponseAsync()
    {
        var reader = this.output.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(this.timeout.Token);
            string text = Encoding.UTF8.GetString(result.Buffer.ToArray());
            int headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd > 0)
            {
                int length = int.Parse(text["Content-Length: ".Length..headerEnd].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                byte[] bytes = result.Buffer.ToArray();
                int bodyStart = Encoding.UTF8.GetByteCount(text[..(headerEnd + 4)]);
                if (bytes.Length >= bodyStart + length)
                {
                    var document = JsonDocument.Parse(bytes.AsMemory(bodyStart, length));
                    reader.AdvanceTo(result.Buffer.GetPosition(bodyStart + length));
                    return document;
                }
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
