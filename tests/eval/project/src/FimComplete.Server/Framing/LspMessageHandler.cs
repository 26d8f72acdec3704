using System.Buffers;
using System.Collections.Concurrent;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using FimComplete.Protocol;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace FimComplete.Server.Framing;

/// <summary>
/// <see cref="HeaderDelimitedMessageHandler"/> (LSP base protocol framing) whose reader survives bad input.
/// StreamJsonRpc's own reader throws on a bad header or unparseable content, and <see cref="JsonRpc"/> then closes the
/// connection. This reader instead:
/// <list type="bullet">
/// <item>skips bytes that are not a header and resynchronises on the next <c>Content-Length:</c> header;</item>
/// <item>detects a Content-Length that is too large (the next message's header shows up inside the declared content:
/// <c>Content-Length: N\r\n</c> can never occur in valid JSON, whose strings cannot contain a raw CR LF) and resumes
/// at that header;</item>
/// <item>answers content that is not JSON with a Parse error (-32700), and JSON that is not a JSON-RPC message with
/// Invalid Request (-32600), with the message's id when it has one and null otherwise, and keeps reading;</item>
/// <item>drops responses (result or error) whose id is not that of a request the server sent and is still waiting for:
/// <see cref="JsonRpc"/> treats such a response as a protocol violation and closes the connection, so a single stray
/// or duplicated response from a client would otherwise end the session.</item>
/// </list>
/// It only ends (returns null) when the input stream ends. Writing is the base class's.
/// </summary>
public sealed class LspMessageHandler : HeaderDelimitedMessageHandler
{
    /// <summary>Longest header block accepted before the header is considered garbage.</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    /// <summary>
    /// Largest accepted Content-Length (bytes): 64 MiB. A larger message is skipped (with a warning) without being
    /// buffered; VS Code does not synchronise files larger than 50 MB with extensions anyway.
    /// </summary>
    public const int MaxContentLength = 64 * 1024 * 1024;

    /// <summary>Size of the read buffer; after a larger message the buffer shrinks back to this size.</summary>
    private const int DefaultBufferSize = 64 * 1024;

    private static ReadOnlySpan<byte> ContentLengthName => "content-length:"u8;

    private static ReadOnlySpan<byte> HeaderTerminator => "\r\n\r\n"u8;

    private readonly Action<string> warn;
    private readonly ConcurrentDictionary<RequestId, byte> outstandingRequests = new();
    private byte[] buffer = new byte[DefaultBufferSize];
    private int start;
    private int count;
    private bool endOfInput;

    public LspMessageHandler(Stream sendingStream, Stream receivingStream, IJsonRpcMessageFormatter formatter, Action<string> warn)
        : base(sendingStream, receivingStream, formatter)
    {
        this.warn = warn ?? throw new ArgumentNullException(nameof(warn));
    }

    public LspMessageHandler(PipeWriter writer, PipeReader reader, IJsonRpcMessageFormatter formatter, Action<string> warn)
        : base(writer, reader, formatter)
    {
        this.warn = warn ?? throw new ArgumentNullException(nameof(warn));
    }

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await this.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame is not { } body)
            {
                return null;
            }

            JsonRpcMessage? message = null;
            Exception? failure = null;
            try
            {
                // A copy: the formatter's JsonDocument keeps referring to the bytes it was given (a single segment is not
                // copied), and this reader reuses its buffer for the next message, possibly before StreamJsonRpc has read
                // the arguments of this one.
                byte[] content = this.buffer.AsSpan(body.Offset, body.Length).ToArray();
                message = this.Formatter.Deserialize(new ReadOnlySequence<byte>(content));
            }
#pragma warning disable CA1031 // Any failure to understand a message must not end the connection.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            if (message is not null)
            {
                this.Consume(body.Offset + body.Length - this.start);
                if (this.IsUnexpectedResponse(message, out var responseId))
                {
                    this.warn($"Ignoring a response to a request the server did not send or that was already answered (id {responseId}).");
                    continue;
                }

                return message;
            }

            var (code, id, description) = Classify(this.buffer.AsSpan(body.Offset, body.Length));
            this.Consume(body.Offset + body.Length - this.start);
            this.warn($"Ignoring a message that could not be read ({description}): {failure?.Message}");
            await this.TrySendErrorAsync(id, code, $"{description}: {failure?.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Remembers the ids of outgoing requests, so that their responses can be told from stray ones.</summary>
    protected override void Write(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        if (content is JsonRpcRequest { IsResponseExpected: true } request)
        {
            this.outstandingRequests.TryAdd(request.RequestId, 0);
        }

        base.Write(content, cancellationToken);
    }

    /// <summary>True for a response whose id is not that of an outstanding request of ours (the id is forgotten once answered).</summary>
    private bool IsUnexpectedResponse(JsonRpcMessage message, out RequestId id)
    {
        id = message switch
        {
            JsonRpcResult result => result.RequestId,
            JsonRpcError error => error.RequestId,
            _ => default,
        };
        if (message is not (JsonRpcResult or JsonRpcError))
        {
            return false;
        }

        return id.IsNull || id.IsEmpty || !this.outstandingRequests.TryRemove(id, out _);
    }

    /// <summary>Content that is JSON but not a JSON-RPC message is an Invalid Request (answered with its id when it has one).</summary>
    private static (int Code, RequestId Id, string Description) Classify(ReadOnlySpan<byte> content)
    {
        try
        {
            // The whole content must be one JSON value (ParseValue alone would accept trailing garbage).
            using var document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
            var id = RequestId.Null;
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out long number))
                {
                    id = new RequestId(number);
                }
                else if (idElement.ValueKind == JsonValueKind.String)
                {
                    id = new RequestId(idElement.GetString());
                }
            }

            return (LspErrorCodes.InvalidRequest, id, "Invalid Request");
        }
        catch (JsonException)
        {
            return (LspErrorCodes.ParseError, RequestId.Null, "Parse error");
        }
    }

    private async ValueTask TrySendErrorAsync(RequestId id, int code, string message, CancellationToken cancellationToken)
    {
        if (!this.CanWrite)
        {
            return;
        }

        try
        {
            var error = this.Formatter is IJsonRpcMessageFactory factory ? factory.CreateErrorMessage() : new JsonRpcError();
            error.RequestId = id;
            error.Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)code, Message = message };
            await this.WriteAsync(error, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: the connection may be going away.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            this.warn($"Could not send the error response: {ex.Message}");
        }
    }

    private enum Step
    {
        /// <summary>More input is needed.</summary>
        NeedMore,

        /// <summary>A frame is ready.</summary>
        Frame,

        /// <summary>Something was skipped; parse again.</summary>
        Again,

        /// <summary>A message was cut short by the next header; tell the client, then parse again.</summary>
        Truncated,

        /// <summary>End of input.</summary>
        End,
    }

    /// <summary>Returns the content (offset into <see cref="buffer"/>, length) of the next well-framed message, or null at end of input.</summary>
    private async ValueTask<(int Offset, int Length)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        int bodyScanned = 0; // how much of the current frame's content has been checked for a following header
        while (true)
        {
            switch (this.ParseFrame(ref bodyScanned, out int offset, out int length))
            {
                case Step.Frame:
                    return (offset, length);
                case Step.End:
                    return null;
                case Step.NeedMore:
                    await this.FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case Step.Truncated:
                    await this.TrySendErrorAsync(RequestId.Null, LspErrorCodes.ParseError, "Parse error: the message is shorter than its Content-Length", cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break;
            }
        }
    }

    private Step ParseFrame(ref int bodyScanned, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        var data = this.buffer.AsSpan(this.start, this.count);

        // 1. Find the start of a header.
        int headerStart = IndexOfContentLength(data, 0);
        if (headerStart < 0)
        {
            if (this.endOfInput)
            {
                this.SkipGarbage(this.count, final: true);
                return Step.End;
            }

            // Keep a tail that could be the beginning of a split "Content-Length:".
            int keep = Math.Min(data.Length, ContentLengthName.Length - 1);
            this.SkipGarbage(data.Length - keep, final: false);
            return Step.NeedMore;
        }

        if (headerStart > 0)
        {
            this.SkipGarbage(headerStart, final: true);
            bodyScanned = 0;
            return Step.Again;
        }

        // 2. The header block.
        int headerLength = data.IndexOf(HeaderTerminator);
        int nextHeader = IndexOfContentLength(headerLength < 0 ? data : data[..headerLength], ContentLengthName.Length);
        if (nextHeader > 0)
        {
            // Garbage in the header, or a header without the empty line that ends it: resume at the next one.
            this.warn("Skipping a malformed header block.");
            this.Consume(nextHeader);
            bodyScanned = 0;
            return Step.Again;
        }

        if (headerLength < 0 || headerLength > MaxHeaderBytes)
        {
            if (data.Length > MaxHeaderBytes)
            {
                this.warn("Skipping a header block that is too long or not terminated by an empty line.");
                this.Consume(ContentLengthName.Length);
                return Step.Again;
            }

            if (this.endOfInput)
            {
                this.SkipGarbage(this.count, final: true);
                return Step.End;
            }

            return Step.NeedMore;
        }

        int bodyOffset = headerLength + HeaderTerminator.Length;
        int? contentLength = ParseContentLength(data[..headerLength], out string? headerProblem);
        if (contentLength is null)
        {
            this.warn($"Skipping a message with a bad header: {headerProblem}.");
            this.Consume(bodyOffset);
            bodyScanned = 0;
            return Step.Again;
        }

        length = contentLength.Value;
        if (length == 0)
        {
            this.warn("Skipping a message with Content-Length: 0.");
            this.Consume(bodyOffset);
            bodyScanned = 0;
            return Step.Again;
        }

        // 3. The content: check that no header starts inside it (a Content-Length that is too large).
        var available = data[bodyOffset..];
        int scanEnd = Math.Min(available.Length, length);
        int next = FindFrameStart(available[..scanEnd], bodyScanned, out int resumeAt);
        bodyScanned = resumeAt;
        if (next >= 0)
        {
            this.warn($"A message declared Content-Length: {length} but the next message starts after {next} bytes of it; skipping the truncated message.");
            this.Consume(bodyOffset + next);
            bodyScanned = 0;
            return Step.Truncated;
        }

        if (available.Length < length)
        {
            if (this.endOfInput)
            {
                this.warn($"Input ended inside a message ({available.Length} of {length} bytes).");
                this.Consume(this.count);
                return Step.End;
            }

            // Room for the whole message, but a (possibly bogus) huge Content-Length does not allocate up front.
            this.EnsureCapacity(Math.Min(bodyOffset + length, 16 * 1024 * 1024));
            return Step.NeedMore;
        }

        offset = this.start + bodyOffset;
        return Step.Frame;
    }

    private void SkipGarbage(int bytes, bool final)
    {
        if (bytes <= 0)
        {
            return;
        }

        var skipped = this.buffer.AsSpan(this.start, bytes);
        if (!IsIgnorable(skipped))
        {
            string text = Encoding.UTF8.GetString(skipped[..Math.Min(skipped.Length, 80)]);
            this.warn(string.Create(CultureInfo.InvariantCulture, $"Skipped {bytes} bytes of input that are not a message header{(final ? string.Empty : " (so far)")}: \"{text.ReplaceLineEndings("\\n")}\""));
        }

        this.Consume(bytes);
    }

    /// <summary>Whitespace and Content-Type header lines (which may precede Content-Length) are skipped silently.</summary>
    private static bool IsIgnorable(ReadOnlySpan<byte> skipped)
    {
        while (!skipped.IsEmpty)
        {
            var trimmed = skipped.TrimStart(" \t\r\n"u8);
            if (trimmed.IsEmpty)
            {
                return true;
            }

            if (trimmed.Length >= 13 && Ascii.EqualsIgnoreCase(trimmed[..13], "content-type:"u8))
            {
                int eol = trimmed.IndexOf("\r\n"u8);
                if (eol < 0)
                {
                    return false;
                }

                skipped = trimmed[(eol + 2)..];
                continue;
            }

            return false;
        }

        return true;
    }

    private static int IndexOfContentLength(ReadOnlySpan<byte> data, int from)
    {
        for (int i = from; i + ContentLengthName.Length <= data.Length; i++)
        {
            byte b = data[i];
            if ((b | 0x20) == 'c' && Ascii.EqualsIgnoreCase(data.Slice(i, ContentLengthName.Length), ContentLengthName))
            {
                return i;
            }
        }

        // A partial name at the very end does not count here.
        return -1;
    }

    /// <summary>
    /// Looks for <c>Content-Length:[ \t]*digits[ \t]*\r\n</c> in <paramref name="content"/> from <paramref name="from"/>.
    /// <paramref name="resumeAt"/> is where a later call (with more content) must resume.
    /// </summary>
    private static int FindFrameStart(ReadOnlySpan<byte> content, int from, out int resumeAt)
    {
        int i = from;
        while (true)
        {
            int hit = IndexOfContentLength(content, i);
            if (hit < 0)
            {
                resumeAt = Math.Max(from, content.Length - ContentLengthName.Length + 1);
                return -1;
            }

            int j = hit + ContentLengthName.Length;
            while (j < content.Length && (content[j] == ' ' || content[j] == '\t'))
            {
                j++;
            }

            int digits = j;
            while (j < content.Length && char.IsAsciiDigit((char)content[j]))
            {
                j++;
            }

            bool hasDigits = j > digits;
            while (j < content.Length && (content[j] == ' ' || content[j] == '\t'))
            {
                j++;
            }

            if (j + 1 >= content.Length)
            {
                // Not enough data to decide yet.
                resumeAt = hit;
                return -1;
            }

            if (hasDigits && content[j] == '\r' && content[j + 1] == '\n')
            {
                resumeAt = hit;
                return hit;
            }

            i = hit + 1;
        }
    }

    private static int? ParseContentLength(ReadOnlySpan<byte> header, out string? problem)
    {
        problem = null;
        int? result = null;
        while (!header.IsEmpty)
        {
            int eol = header.IndexOf("\r\n"u8);
            var line = eol < 0 ? header : header[..eol];
            header = eol < 0 ? default : header[(eol + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                problem = "a header line without a name";
                return null;
            }

            var name = line[..colon].Trim(" \t"u8);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out int parsed, out int consumed) || consumed != value.Length || parsed < 0 || parsed > MaxContentLength)
                {
                    problem = $"Content-Length \"{Encoding.ASCII.GetString(value)}\" is not a valid length";
                    return null;
                }

                result = parsed;
            }
        }

        if (result is null)
        {
            problem = "no Content-Length";
        }

        return result;
    }

    private void Consume(int bytes)
    {
        this.start += bytes;
        this.count -= bytes;
        if (this.count == 0)
        {
            this.start = 0;
        }

        // Give back the memory of a large message once it has been read.
        if (this.buffer.Length > DefaultBufferSize && this.count <= DefaultBufferSize / 2)
        {
            var smaller = new byte[DefaultBufferSize];
            Buffer.BlockCopy(this.buffer, this.start, smaller, 0, this.count);
            this.buffer = smaller;
            this.start = 0;
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= this.buffer.Length - this.start)
        {
            return;
        }

        if (needed <= this.buffer.Length)
        {
            Buffer.BlockCopy(this.buffer, this.start, this.buffer, 0, this.count);
        }
        else
        {
            var bigger = new byte[Math.Max(needed, this.buffer.Length * 2)];
            Buffer.BlockCopy(this.buffer, this.start, bigger, 0, this.count);
            this.buffer = bigger;
        }

        this.start = 0;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var reader = this.Reader ?? throw new InvalidOperationException("No receiving stream.");
        var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var sequence = result.Buffer;
        if (sequence.Length > 0)
        {
            this.EnsureCapacity(this.count + (int)Math.Min(sequence.Length, int.MaxValue / 2));
            sequence.CopyTo(this.buffer.AsSpan(this.start + this.count));
            this.count += (int)sequence.Length;
        }

        reader.AdvanceTo(sequence.End);
        if (result.IsCompleted)
        {
            this.endOfInput = true;
        }
    }
}
