using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FimComplete.Hardening.Tests.Infrastructure;

/// <summary>What one response to a fuzz request may be.</summary>
public sealed record Expected(object Id, IReadOnlySet<int> ErrorCodes, bool ResultAllowed, Func<JsonNode?, bool>? ResultCheck = null)
{
    public static Expected Error(object id, params int[] codes) => new(id, new HashSet<int>(codes), ResultAllowed: false);

    public static Expected Result(object id, Func<JsonNode?, bool>? check = null) => new(id, new HashSet<int>(), ResultAllowed: true, check);

    public static Expected ResultOrError(object id, params int[] codes) => new(id, new HashSet<int>(codes), ResultAllowed: true);
}

/// <summary>One generated hostile input: the bytes, its kind, the responses it must get and how many id-null errors it causes.</summary>
public sealed record FuzzCase(string Kind, byte[] Bytes, IReadOnlyList<Expected> Responses, int MinNullIdErrors, int MaxNullIdErrors);

/// <summary>
/// A seeded generator of malformed and hostile LSP input: bad headers, wrong lengths, invalid JSON, valid JSON that is
/// not JSON-RPC, wrong types, huge strings, deep nesting, unknown methods, unknown documents, out-of-range positions,
/// invalid UTF-16 (lone surrogates, positions inside surrogate pairs), notifications with bad params, stray responses.
/// Every case states what the server must answer. Framing faults are followed by a well-framed anchor request (part
/// of the case) so that the reader's resynchronisation is checked too.
/// </summary>
public sealed class HostileMessages
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int RequestCancelled = -32800;

    private static readonly string[] Requests = ["textDocument/inlineCompletion", "fimComplete/debug/documentText", "fimComplete/modelInfo"];

    private static readonly string[] Notifications =
    [
        "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave",
        "workspace/didChangeConfiguration", "workspace/didChangeWorkspaceFolders", "initialized", "$/setTrace", "$/cancelRequest",
        "$/unknownNotification", "fimComplete/noSuchNotification",
    ];

    private readonly Random random;
    private readonly string probeUri;
    private readonly string probeText;
    private readonly int probeLines;
    private readonly string junkFolder;
    private readonly (int Line, int Character) cursor;
    private readonly List<(string Kind, int Weight, Func<FuzzCase> Make)> generators;
    private int junkCounter;

    /// <param name="seed">The seed: the same seed gives the same cases.</param>
    /// <param name="probeUri">An open document whose text the fuzz must never change (anchors read it back).</param>
    /// <param name="probeText">Its text.</param>
    /// <param name="junkFolder">Folder for the URIs of documents the fuzz opens and edits at will.</param>
    /// <param name="cursor">A position in the probe document where completions are asked for.</param>
    public HostileMessages(int seed, string probeUri, string probeText, (int Line, int Character) cursor, string junkFolder)
    {
        this.cursor = cursor;
        this.random = new Random(seed);
        this.probeUri = probeUri;
        this.probeText = probeText;
        this.probeLines = probeText.Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Length;
        this.junkFolder = junkFolder;
        this.generators =
        [
            ("unknown-method", 6, this.UnknownMethod),
            ("wrong-param-types", 12, this.WrongParamTypes),
            ("bad-params-shape", 5, this.BadParamsShape),
            ("invalid-json", 8, this.InvalidJson),
            ("json-not-jsonrpc", 7, this.JsonNotJsonRpc),
            ("bad-id", 4, this.BadId),
            ("deep-nesting", 3, this.DeepNesting),
            ("huge-string", 2, this.HugeString),
            ("unknown-document", 5, this.UnknownDocument),
            ("out-of-range-position", 8, this.OutOfRangePosition),
            ("utf16", 6, this.Utf16),
            ("hostile-edit", 8, this.HostileEdit),
            ("bad-notification", 10, this.BadNotification),
            ("stray-response", 3, this.StrayResponse),
            ("cancel", 3, this.Cancel),
            ("header-fault", 8, this.HeaderFault),
            ("length-too-large", 4, this.LengthTooLarge),
            ("length-too-small", 4, this.LengthTooSmall),
            ("garbage", 5, this.Garbage),
            ("valid-variants", 2, this.ValidVariants),
        ];
    }

    public IReadOnlyList<string> Kinds => this.generators.Select(g => g.Kind).ToArray();

    public FuzzCase Next()
    {
        int total = this.generators.Sum(g => g.Weight);
        int pick = this.random.Next(total);
        foreach (var (_, weight, make) in this.generators)
        {
            if (pick < weight)
            {
                return make();
            }

            pick -= weight;
        }

        throw new InvalidOperationException();
    }

    /// <summary>A request that reads the probe document back: its answer must be the probe text.</summary>
    public (byte[] Bytes, Expected Expected) Anchor()
    {
        string id = this.NewId();
        string json = LspConnection.RequestJson(id, "fimComplete/debug/documentText", new JsonObject { ["uri"] = this.probeUri });
        return (LspConnection.Frame(json), Expected.Result(id, r => r?.GetValue<string>() == this.probeText));
    }

    private string NewId() => this.random.Next(4) == 0
        ? "s-" + Guid.NewGuid().ToString("N")[..12]
        : (this.random.NextInt64(1L << 40) + 1_000_000).ToString(CultureInfo.InvariantCulture);

    private static object IdValue(string id) => id.StartsWith("s-", StringComparison.Ordinal) ? id : long.Parse(id, CultureInfo.InvariantCulture);

    private FuzzCase Request(string kind, string method, JsonNode? @params, Func<object, Expected> expect)
    {
        object id = IdValue(this.NewId());
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id), ["method"] = method };
        if (@params is not null)
        {
            message["params"] = @params;
        }

        return new FuzzCase(kind, LspConnection.Frame(message.ToJsonString()), [expect(id)], 0, 0);
    }

    private FuzzCase Notification(string kind, string method, JsonNode? @params)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (@params is not null)
        {
            message["params"] = @params;
        }

        return new FuzzCase(kind, LspConnection.Frame(message.ToJsonString()), [], 0, 0);
    }

    /// <summary>A framing fault followed by the anchor (which must still be answered correctly).</summary>
    private FuzzCase WithAnchor(string kind, byte[] fault, int minNullIdErrors, int maxNullIdErrors)
    {
        var (anchor, expected) = this.Anchor();
        return new FuzzCase(kind, [.. fault, .. anchor], [expected], minNullIdErrors, maxNullIdErrors);
    }

    private JsonObject InlineParams(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
        ["context"] = new JsonObject { ["triggerKind"] = this.random.Next(1, 3) },
    };

    private string JunkUri() => new Uri(Path.Combine(this.junkFolder, $"Junk{this.junkCounter++ % 8}.cs")).AbsoluteUri;

    private string RandomText(int length, bool withSurrogates = true)
    {
        var builder = new StringBuilder(length);
        string alphabet = "abcdefxyz0123456789 (){}[];.,=+-*/<>\"'\t\\";
        while (builder.Length < length)
        {
            int r = this.random.Next(20);
            if (r == 0)
            {
                builder.Append("\r\n");
            }
            else if (r == 1)
            {
                builder.Append(this.random.Next(2) == 0 ? '\n' : '\r');
            }
            else if (r == 2 && withSurrogates)
            {
                builder.Append("😀");
            }
            else if (r == 3)
            {
                builder.Append((char)this.random.Next(0x80, 0x2FFF));
            }
            else
            {
                builder.Append(alphabet[this.random.Next(alphabet.Length)]);
            }
        }

        return builder.ToString();
    }

    private JsonNode WrongValue(bool allowString = true) => this.random.Next(allowString ? 0 : 1, 8) switch
    {
        0 => JsonValue.Create("not a number")!,
        1 => JsonValue.Create(true)!,
        2 => new JsonArray(1, 2, 3),
        3 => new JsonObject { ["x"] = 1 },
        4 => JsonValue.Create(1.5)!,
        5 => JsonValue.Create(1e300)!,
        6 => JsonValue.Create(-99999999999L)!,
        _ => JsonValue.Create(long.MaxValue)!,
    };

    // ---- generators -------------------------------------------------------------------------------------------

    private FuzzCase UnknownMethod()
    {
        string method = this.random.Next(5) switch
        {
            0 => "textDocument/" + this.RandomText(8, withSurrogates: false),
            1 => "$/" + this.random.Next(),
            2 => new string('m', this.random.Next(1000, 100_000)),
            3 => "textDocument/completion",
            _ => "fimComplete/" + Guid.NewGuid().ToString("N"),
        };
        return this.Request("unknown-method", method, new JsonObject { ["a"] = 1 }, id => Expected.Error(id, MethodNotFound));
    }

    private FuzzCase WrongParamTypes()
    {
        switch (this.random.Next(9))
        {
            case 0:
            {
                var p = this.InlineParams(this.probeUri, 0, 0);
                p["position"]!["line"] = this.WrongValue();
                return this.Request("wrong-param-types", Requests[0], p, id => Expected.Error(id, InvalidParams));
            }

            case 1:
            {
                var p = this.InlineParams(this.probeUri, 0, 0);
                p["position"]!["character"] = this.WrongValue();
                return this.Request("wrong-param-types", Requests[0], p, id => Expected.Error(id, InvalidParams));
            }

            case 2:
            {
                var p = this.InlineParams(this.probeUri, 0, 0);
                p["textDocument"]!["uri"] = this.random.Next(2) == 0 ? JsonValue.Create(42) : null;
                return this.Request("wrong-param-types", Requests[0], p, id => Expected.Error(id, InvalidParams));
            }

            case 3:
            {
                var p = this.InlineParams(this.probeUri, 0, 0);
                p.Remove(this.random.Next(3) switch { 0 => "textDocument", 1 => "position", _ => "context" });
                return this.Request("wrong-param-types", Requests[0], p, id => Expected.Error(id, InvalidParams));
            }

            case 4:
            {
                var p = this.InlineParams(this.probeUri, 0, 0);
                p["context"]!["triggerKind"] = JsonValue.Create("automatic");
                return this.Request("wrong-param-types", Requests[0], p, id => Expected.Error(id, InvalidParams));
            }

            case 5:
            {
                var p = this.InlineParams(this.probeUri, 0, 0);
                p["context"]!["selectedCompletionInfo"] = new JsonObject { ["range"] = JsonValue.Create("everything"), ["text"] = "x" };
                return this.Request("wrong-param-types", Requests[0], p, id => Expected.Error(id, InvalidParams));
            }

            case 6:
                return this.Request("wrong-param-types", Requests[1], new JsonObject { ["uri"] = this.WrongValue(allowString: false) }, id => Expected.Error(id, InvalidParams));
            case 7:
                return this.Request("wrong-param-types", Requests[1], new JsonObject { ["document"] = this.probeUri }, id => Expected.Error(id, InvalidParams));
            default:
                return this.Request("wrong-param-types", Requests[1], new JsonObject { ["uri"] = null }, id => Expected.Error(id, InvalidParams));
        }
    }

    private FuzzCase BadParamsShape()
    {
        string method = this.random.Next(2) == 0 ? Requests[0] : Requests[1];
        return this.random.Next(4) switch
        {
            // Missing params.
            0 => this.Request("bad-params-shape", method, null, id => Expected.Error(id, InvalidParams)),

            // Positional params (an array).
            1 => this.Request("bad-params-shape", method, new JsonArray(this.probeUri, 0, 0), id => Expected.Error(id, InvalidParams)),

            // params that are neither an object nor an array: not a valid JSON-RPC request.
            2 => this.Request("bad-params-shape", method, JsonValue.Create(this.random.Next(2) == 0 ? "string" : "7"), id => Expected.Error(id, InvalidRequest)),

            // A request that takes no params, with garbage params: ignored.
            _ => this.Request("bad-params-shape", Requests[2], new JsonObject { ["junk"] = new JsonArray(1, "a", null) }, id => Expected.Result(id)),
        };
    }

    private FuzzCase InvalidJson()
    {
        string id = this.NewId();
        string valid = LspConnection.RequestJson(IdValue(id), Requests[1], new JsonObject { ["uri"] = this.probeUri });
        byte[] body = this.random.Next(7) switch
        {
            0 => Encoding.UTF8.GetBytes(valid[..this.random.Next(1, valid.Length - 1)]),
            1 => Encoding.UTF8.GetBytes(valid.Replace(":", "=", StringComparison.Ordinal)),
            2 => Encoding.UTF8.GetBytes(valid + "}"),
            3 => Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",}"),
            4 => [.. Encoding.UTF8.GetBytes(valid[..^2]), 0xFF, 0xFE, (byte)'"', (byte)'}', (byte)'}'],
            5 => Encoding.UTF8.GetBytes("{'jsonrpc':'2.0','id':1,'method':'x'}"),
            _ => [(byte)'@', .. Enumerable.Range(0, this.random.Next(0, 200)).Select(_ => (byte)this.random.Next(0x20, 0x7F)).Select(b => b == (byte)':' ? (byte)';' : b)],
        };
        return new FuzzCase("invalid-json", LspConnection.Frame(body), [], 1, 1);
    }

    private FuzzCase JsonNotJsonRpc()
    {
        switch (this.random.Next(8))
        {
            case 0:
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame("[]"), [], 1, 1);
            case 1:
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame(this.random.Next(1000).ToString(CultureInfo.InvariantCulture)), [], 1, 1);
            case 2:
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame("\"just a string\""), [], 1, 1);
            case 3:
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame("null"), [], 1, 1);
            case 4:
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame("{}"), [], 1, 1);
            case 5:
            {
                // An id but no method, result or error: Invalid Request, answered with the id.
                object id = IdValue(this.NewId());
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id) }.ToJsonString()), [Expected.Error(id, InvalidRequest)], 0, 0);
            }

            case 6:
            {
                // A method that is not a string.
                object id = IdValue(this.NewId());
                JsonNode method = this.random.Next(3) switch { 0 => JsonValue.Create(42)!, 1 => new JsonArray("a"), _ => new JsonObject { ["m"] = "x" } };
                var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id), ["method"] = method };
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame(message.ToJsonString()), [Expected.Error(id, InvalidRequest)], 0, 0);
            }

            default:
            {
                // A batch (JSON-RPC 2.0 batches are not part of LSP): Invalid Request, id null.
                string a = LspConnection.RequestJson(1, Requests[2], null);
                return new FuzzCase("json-not-jsonrpc", LspConnection.Frame($"[{a},{a}]"), [], 1, 1);
            }
        }
    }

    private FuzzCase BadId()
    {
        string id = this.random.Next(5) switch
        {
            0 => "{\"a\":1}",
            1 => "[1]",
            2 => "1.5",
            3 => "true",
            _ => "-1e999",
        };
        string json = $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{Requests[2]}\"}}";
        return new FuzzCase("bad-id", LspConnection.Frame(json), [], 1, 1);
    }

    private FuzzCase DeepNesting()
    {
        int depth = this.random.Next(3) switch
        {
            0 => this.random.Next(70, 250),      // deeper than the formatter reads (64), not than the classifier (256)
            1 => this.random.Next(300, 2_000),
            _ => this.random.Next(10_000, 100_000),
        };
        object id = IdValue(this.NewId());
        string nested = new string('[', depth) + new string(']', depth);
        string json = $"{{\"jsonrpc\":\"2.0\",\"id\":{LspConnection.IdKey(id)},\"method\":\"{Requests[1]}\",\"params\":{{\"uri\":{nested}}}}}";

        // Depth < 256: Invalid Request with the id; deeper: Parse error, id null.
        return depth < 250
            ? new FuzzCase("deep-nesting", LspConnection.Frame(json), [Expected.Error(id, InvalidRequest)], 0, 0)
            : new FuzzCase("deep-nesting", LspConnection.Frame(json), [], 1, 1);
    }

    private FuzzCase HugeString()
    {
        int size = this.random.Next(3) == 0 ? this.random.Next(2_000_000, 6_000_000) : this.random.Next(100_000, 1_000_000);
        string huge = new string((char)('a' + this.random.Next(26)), size);
        return this.random.Next(3) switch
        {
            0 => this.Request("huge-string", Requests[1], new JsonObject { ["uri"] = "file:///" + huge + ".cs" }, id => Expected.Result(id, r => r is null)),
            1 => this.OpenAndClose("class Huge { string s = \"" + huge + "\"; }"),
            _ => this.Request("huge-string", Requests[0], this.InlineParams("file:///" + huge[..Math.Min(huge.Length, 200_000)] + ".cs", 0, 0), id => Expected.Result(id, EmptyItems)),
        };
    }

    /// <summary>A huge document opened and closed again (so that the junk documents the fuzz keeps editing stay small).</summary>
    private FuzzCase OpenAndClose(string text)
    {
        string uri = new Uri(Path.Combine(this.junkFolder, $"Huge{this.junkCounter++}.cs")).AbsoluteUri;
        byte[] open = LspConnection.Frame(LspConnection.NotificationJson("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        }));
        byte[] close = LspConnection.Frame(LspConnection.NotificationJson("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }));
        return new FuzzCase("huge-string", [.. open, .. close], [], 0, 0);
    }

    private static bool EmptyItems(JsonNode? result) => result?["items"] is JsonArray { Count: 0 };

    private static bool ItemsArray(JsonNode? result) => result?["items"] is JsonArray;

    private FuzzCase UnknownDocument()
    {
        string uri = this.random.Next(4) switch
        {
            0 => "file:///nowhere/" + Guid.NewGuid().ToString("N") + ".cs",
            1 => "untitled:Untitled-" + this.random.Next(100),
            2 => "not a uri at all",
            _ => "file:///" + this.RandomText(20) + ".cs",
        };
        return this.random.Next(2) == 0
            ? this.Request("unknown-document", Requests[0], this.InlineParams(uri, this.random.Next(100), this.random.Next(100)), id => Expected.Result(id, EmptyItems))
            : this.Request("unknown-document", Requests[1], new JsonObject { ["uri"] = uri }, id => Expected.Result(id, r => r is null));
    }

    private FuzzCase OutOfRangePosition()
    {
        return this.random.Next(5) switch
        {
            // Past the last line: InvalidParams.
            0 => this.Request("out-of-range-position", Requests[0], this.InlineParams(this.probeUri, this.probeLines + this.random.Next(0, 1_000_000), 0), id => Expected.Error(id, InvalidParams)),

            // Negative line or character: InvalidParams.
            1 => this.Request("out-of-range-position", Requests[0], this.InlineParams(this.probeUri, -this.random.Next(1, 1000), 0), id => Expected.Error(id, InvalidParams)),
            2 => this.Request("out-of-range-position", Requests[0], this.InlineParams(this.probeUri, 0, -this.random.Next(1, 1000)), id => Expected.Error(id, InvalidParams)),

            // Past the end of the line: clamped to the end of the line (a result).
            3 => this.Request("out-of-range-position", Requests[0], this.InlineParams(this.probeUri, this.random.Next(this.probeLines), this.random.Next(200, int.MaxValue)), id => Expected.Result(id, ItemsArray)),

            // In range: a result.
            _ => this.Request("out-of-range-position", Requests[0], this.InlineParams(this.probeUri, this.random.Next(this.probeLines), this.random.Next(0, 40)), id => Expected.Result(id, ItemsArray)),
        };
    }

    private FuzzCase Utf16()
    {
        switch (this.random.Next(4))
        {
            case 0:
            {
                // A lone surrogate (escaped) in a string: not valid UTF-16, InvalidParams.
                object id = IdValue(this.NewId());
                string surrogate = this.random.Next(2) == 0 ? "\\ud800" : "\\udfff";
                string json = $"{{\"jsonrpc\":\"2.0\",\"id\":{LspConnection.IdKey(id)},\"method\":\"{Requests[1]}\",\"params\":{{\"uri\":\"file:///x{surrogate}.cs\"}}}}";
                return new FuzzCase("utf16", LspConnection.Frame(json), [Expected.Error(id, InvalidParams)], 0, 0);
            }

            case 1:
            {
                // Invalid UTF-8 inside a string: InvalidParams (the envelope is readable).
                object id = IdValue(this.NewId());
                byte[] json = [.. Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{LspConnection.IdKey(id)},\"method\":\"{Requests[1]}\",\"params\":{{\"uri\":\"file:///x"), 0xC3, 0x28, 0xF0, 0x9F, .. Encoding.UTF8.GetBytes(".cs\"}}")];
                return new FuzzCase("utf16", LspConnection.Frame(json), [Expected.Error(id, InvalidParams)], 0, 0);
            }

            case 2:
            {
                // A selected item with a lone surrogate: InvalidParams.
                object id = IdValue(this.NewId());
                string json = $"{{\"jsonrpc\":\"2.0\",\"id\":{LspConnection.IdKey(id)},\"method\":\"{Requests[0]}\",\"params\":{{\"textDocument\":{{\"uri\":\"{this.probeUri}\"}},\"position\":{{\"line\":0,\"character\":1}},\"context\":{{\"triggerKind\":1,\"selectedCompletionInfo\":{{\"range\":{{\"start\":{{\"line\":0,\"character\":0}},\"end\":{{\"line\":0,\"character\":1}}}},\"text\":\"a\\udc00\"}}}}}}}}";
                return new FuzzCase("utf16", LspConnection.Frame(json), [Expected.Error(id, InvalidParams)], 0, 0);
            }

            default:
            {
                // A selected item whose range is reversed or on another line: ignored, a result.
                var p = this.InlineParams(this.probeUri, this.cursor.Line, this.cursor.Character);
                p["context"]!["selectedCompletionInfo"] = new JsonObject
                {
                    ["range"] = new JsonObject
                    {
                        ["start"] = new JsonObject { ["line"] = this.random.Next(0, this.probeLines), ["character"] = this.random.Next(0, 30) },
                        ["end"] = new JsonObject { ["line"] = this.random.Next(0, this.probeLines), ["character"] = this.random.Next(0, 30) },
                    },
                    ["text"] = this.RandomText(this.random.Next(0, 10)),
                };
                return this.Request("utf16", Requests[0], p, id => Expected.Result(id, ItemsArray));
            }
        }
    }

    private FuzzCase HostileEdit()
    {
        string uri = this.JunkUri();
        if (this.random.Next(6) == 0)
        {
            return this.Notification("hostile-edit", "textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = this.RandomText(this.random.Next(0, 3000)) },
            });
        }

        if (this.random.Next(10) == 0)
        {
            return this.Notification("hostile-edit", "textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        }

        if (this.random.Next(4) == 0)
        {
            // A completion in a junk document at any position (inside surrogate pairs, past the end): a result or InvalidParams.
            return this.Request("hostile-edit", Requests[0], this.InlineParams(uri, this.random.Next(-2, 60), this.random.Next(-2, 300)), id => Expected.ResultOrError(id, InvalidParams));
        }

        var changes = new JsonArray();
        for (int i = this.random.Next(1, 5); i > 0; i--)
        {
            var change = new JsonObject { ["text"] = this.RandomText(this.random.Next(0, 40)) };
            if (this.random.Next(15) != 0)
            {
                // Ranges anywhere: reversed, past the end, negative, inside surrogate pairs.
                change["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = this.random.Next(-3, 80), ["character"] = this.random.Next(-3, 200) },
                    ["end"] = new JsonObject { ["line"] = this.random.Next(-3, 80), ["character"] = this.random.Next(-3, 200) },
                };
                if (this.random.Next(3) == 0)
                {
                    change["rangeLength"] = this.random.Next(-5, 100);
                }
            }

            changes.Add(change);
        }

        return this.Notification("hostile-edit", "textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = this.random.Next() },
            ["contentChanges"] = changes,
        });
    }

    private FuzzCase BadNotification()
    {
        string method = Notifications[this.random.Next(Notifications.Length)];
        JsonNode? @params = this.random.Next(6) switch
        {
            0 => null,
            1 => JsonValue.Create(this.random.Next()),
            2 => new JsonArray(1, "two", null),
            3 => new JsonObject { ["textDocument"] = this.WrongValue(), ["contentChanges"] = this.WrongValue() },
            4 => new JsonObject
            {
                // Settings with values of the wrong type: each falls back to its default (with a warning).
                ["settings"] = new JsonObject
                {
                    ["fimComplete"] = new JsonObject
                    {
                        ["enabled"] = "yes", ["maxNewTokens"] = -1, ["candidates"] = 99, ["temperature"] = "hot", ["multiline"] = 3, ["modelPath"] = 42,
                    },
                },
            },
            _ => new JsonObject { ["event"] = new JsonObject { ["added"] = new JsonArray(new JsonObject { ["uri"] = 5 }), ["removed"] = "x" } },
        };

        // Notifications get no response, whatever their params; except params that are neither an object nor an
        // array, which make the message an Invalid Request (answered with id null, as JSON-RPC 2.0 prescribes).
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (@params is not null)
        {
            message["params"] = @params;
        }

        int invalid = @params is JsonValue ? 1 : 0;
        return new FuzzCase("bad-notification", LspConnection.Frame(message.ToJsonString()), [], invalid, invalid);
    }

    private FuzzCase StrayResponse()
    {
        // Responses to requests the server never sent: ignored (StreamJsonRpc alone would close the connection).
        string id = this.random.Next(3) switch
        {
            0 => this.random.Next(1, 100).ToString(CultureInfo.InvariantCulture),
            1 => "\"stray\"",
            _ => "null",
        };
        string json = this.random.Next(2) == 0
            ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"x\":1}}}}"
            : $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32603,\"message\":\"boom\"}}}}";
        return new FuzzCase("stray-response", LspConnection.Frame(json), [], 0, 0);
    }

    private FuzzCase Cancel()
    {
        // A slow-ish request cancelled at once: either its result or RequestCancelled.
        object id = IdValue(this.NewId());
        byte[] request = LspConnection.Frame(LspConnection.RequestJson(id, Requests[0], this.InlineParams(this.probeUri, this.cursor.Line, this.cursor.Character)));
        byte[] cancel = LspConnection.Frame(LspConnection.NotificationJson("$/cancelRequest", new JsonObject { ["id"] = JsonValue.Create(id) }));
        byte[] bogus = LspConnection.Frame(LspConnection.NotificationJson("$/cancelRequest", new JsonObject { ["id"] = this.WrongValue() }));
        return new FuzzCase("cancel", [.. request, .. cancel, .. bogus], [Expected.ResultOrError(id, RequestCancelled)], 0, 0);
    }

    private FuzzCase HeaderFault()
    {
        string body = LspConnection.RequestJson(IdValue(this.NewId()), Requests[2], null);
        int length = Encoding.UTF8.GetByteCount(body);
        string fault = this.random.Next(9) switch
        {
            0 => $"Content-Length: twelve\r\n\r\n{body}",
            1 => $"Content-Length: -{length}\r\n\r\n{body}",
            2 => $"Content-Length: 99999999999999999999\r\n\r\n{body}",
            3 => $"Content-Length: {70_000_000}\r\n\r\n{body}",
            4 => $"X-Other: 1\r\n\r\n{body}",
            5 => $"Content-Length: 0\r\n\r\n{body}",
            6 => $"Content-Length: {length}\r\n{body}",                       // no empty line after the header
            7 => $"Content-Length: {length}\r\nX-Pad: {new string('p', 9000)}\r\n\r\n{body}", // header block too long
            _ => $"Content-Length {length}\r\n\r\n{body}",                    // no colon
        };
        return this.WithAnchor("header-fault", Encoding.UTF8.GetBytes(fault), 0, 0);
    }

    private FuzzCase LengthTooLarge()
    {
        // The declared length runs into the anchor's header: the reader must notice, report a Parse error and resume there.
        object id = IdValue(this.NewId());
        byte[] body = Encoding.UTF8.GetBytes(LspConnection.RequestJson(id, Requests[2], null));
        int extra = this.random.Next(64, 400);
        byte[] fault = [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length + extra}\r\n\r\n"), .. body];
        return this.WithAnchor("length-too-large", fault, 1, 1);
    }

    private FuzzCase LengthTooSmall()
    {
        object id = IdValue(this.NewId());
        byte[] body = Encoding.UTF8.GetBytes(LspConnection.RequestJson(id, Requests[1], new JsonObject { ["uri"] = this.probeUri }));
        int declared = this.random.Next(1, body.Length - 1);
        byte[] fault = [.. Encoding.ASCII.GetBytes($"Content-Length: {declared}\r\n\r\n"), .. body];

        // The cut message is a Parse error; the rest of it is skipped as garbage; the request is never executed.
        return this.WithAnchor("length-too-small", fault, 1, 1);
    }

    private FuzzCase Garbage()
    {
        int length = this.random.Next(1, 3000);
        var bytes = new byte[length];
        this.random.NextBytes(bytes);
        if (this.random.Next(2) == 0)
        {
            const string alphabet = " \r\n\tabcdefghijklmnopqrstuvwxyz{}[]\"0123456789";
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)alphabet[bytes[i] % alphabet.Length];
            }
        }

        // Never a header name by accident: no colons.
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)':')
            {
                bytes[i] = (byte)';';
            }
        }

        return this.WithAnchor("garbage", bytes, 0, 0);
    }

    private FuzzCase ValidVariants()
    {
        // Valid but unusual: lowercase header name, extra Content-Type header, spaces around the value, a BOM-less
        // charset parameter; answered normally.
        object id = IdValue(this.NewId());
        byte[] body = Encoding.UTF8.GetBytes(LspConnection.RequestJson(id, Requests[1], new JsonObject { ["uri"] = this.probeUri }));
        string header = this.random.Next(3) switch
        {
            0 => $"content-length: {body.Length}\r\n\r\n",
            1 => $"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length:   {body.Length}  \r\n\r\n",
            _ => $"Content-Length: {body.Length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        };
        return new FuzzCase("valid-variants", [.. Encoding.ASCII.GetBytes(header), .. body], [Expected.Result(id, r => r?.GetValue<string>() == this.probeText)], 0, 0);
    }
}
