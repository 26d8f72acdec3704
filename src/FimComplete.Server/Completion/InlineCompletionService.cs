using System.Diagnostics;
using System.Globalization;
using FimComplete.Engine.Api;
using FimComplete.Inference.Remote;
using FimComplete.Protocol;
using FimComplete.Server.Configuration;
using FimComplete.Server.Dispatch;
using FimComplete.Server.Documents;
using FimComplete.Server.Logging;
using FimComplete.Server.Model;

namespace FimComplete.Server.Completion;

/// <summary>
/// <c>textDocument/inlineCompletion</c>: document snapshot and cursor -> engine request -> LSP items. A newer request
/// for a document cancels the older one still running (which then answers an empty list); a request whose document
/// only differs by typed characters matching the shown completion is answered from <see cref="TypingThroughCache"/>.
/// </summary>
public sealed class InlineCompletionService
{
    private readonly DocumentStore documents;
    private readonly IEngineHost engine;
    private readonly ModelController model;
    private readonly ConfigurationManager configuration;
    private readonly TypingThroughCache cache;
    private readonly ServerLogger logger;
    private readonly CancellationToken lifetime;
    private readonly Dictionary<string, (CancellationTokenSource Source, long Sequence)> running = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private long sequence;

    public InlineCompletionService(
        DocumentStore documents,
        IEngineHost engine,
        ModelController model,
        ConfigurationManager configuration,
        TypingThroughCache cache,
        ServerLogger logger,
        CancellationToken lifetime)
    {
        this.documents = documents;
        this.engine = engine;
        this.model = model;
        this.configuration = configuration;
        this.cache = cache;
        this.logger = logger;
        this.lifetime = lifetime;
    }

    /// <summary>
    /// Everything up to the engine call runs synchronously (so it sees the document as of the request's place in the
    /// message order). Errors: a position with a negative line/character, or a line past the end of the document, is
    /// InvalidParams; a character past the end of its line means the end of the line (as the LSP specification says).
    /// </summary>
    public Task<InlineCompletionList> CompleteAsync(InlineCompletionParams request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string uri = request.TextDocument.Uri;
        var settings = this.configuration.Current;
        if (!settings.Enabled)
        {
            return Task.FromResult(InlineCompletionList.Empty);
        }

        if (this.engine.Status.State == ModelState.Failed)
        {
            // The last load failed (reported with window/showMessage): no suggestions until a model loads, even if
            // the host still holds an older one.
            return Task.FromResult(InlineCompletionList.Empty);
        }

        if (!this.documents.TryGet(uri, out var document))
        {
            this.logger.Warning($"inlineCompletion for a document that is not open (or not C#): {uri}");
            return Task.FromResult(InlineCompletionList.Empty);
        }

        var position = request.Position;
        if (position.Line < 0 || position.Character < 0)
        {
            throw LspErrors.InvalidParams($"Invalid position {position}: line and character must not be negative.");
        }

        if (position.Line >= document.Lines.LineCount)
        {
            throw LspErrors.InvalidParams(
                $"Position {position} is past the end of the document ({document.Lines.LineCount} lines, version {document.Version}); is the document in sync?");
        }

        if (!ServerLimits.FitsEngine(document.Text))
        {
            this.logger.Log(string.Create(
                CultureInfo.InvariantCulture,
                $"inlineCompletion {uri}: no items, the document has {document.Text.Length:N0} characters (limit {ServerLimits.MaxEngineDocumentLength:N0})"));
            return Task.FromResult(InlineCompletionList.Empty);
        }

        int offset = document.GetOffset(position, out _);
        string text = document.Text;
        if (offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]))
        {
            offset--; // never split a surrogate pair
        }

        var cursor = document.GetPosition(offset);
        var selected = this.MapSelectedCompletion(document, offset, request.Context.SelectedCompletionInfo);
        if (selected is null)
        {
            var remainders = this.cache.TryGetRemainderItems(uri, text, offset, allowUnchanged: request.Context.TriggerKind == InlineCompletionTriggerKind.Automatic);
            if (remainders is not null)
            {
                this.logger.Log($"inlineCompletion {DescribeCursor(document, cursor)}: {remainders.Count} item(s) from the typing-through cache");
                return Task.FromResult(ToList(remainders, new LspRange(cursor, cursor)));
            }
        }

        var engineRequest = selected is null
            ? new CompletionRequest(document.Path, text, offset, settings.ToCompletionOptions())
            : new CompletionRequest(document.Path, selected.Text, selected.Offset, settings.ToCompletionOptions()) { AcceptedPrefix = selected.AcceptedPrefix };

        // Latest request wins: cancel the previous one for this document, and the oldest one beyond the global limit.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, this.lifetime);
        lock (this.gate)
        {
            if (this.running.Remove(uri, out var previous))
            {
                previous.Source.Cancel();
            }

            this.running[uri] = (cts, ++this.sequence);
            while (this.running.Count > ServerLimits.MaxRunningCompletions)
            {
                var oldest = this.running.MinBy(entry => entry.Value.Sequence);
                oldest.Value.Source.Cancel();
                this.running.Remove(oldest.Key);
            }
        }

        return this.RunAsync(document, cursor, offset, engineRequest, selected, cts, cancellationToken);
    }

    /// <summary>
    /// The editor's cursor is at <paramref name="position"/> on a new line: the request that is likely to come there is
    /// prepared in the background (Roslyn analysis, cross-file context, its prompt evaluated into the prompt cache), so it
    /// only decodes when it comes. Nothing when completions are off, no model is ready, a request for the document is
    /// running, or the place is not one a request could use; the next request cancels it.
    /// </summary>
    public void Prefill(string uri, Position position)
    {
        var settings = this.configuration.Current;
        if (!settings.Enabled || this.engine.Status.State != ModelState.Ready || !this.documents.TryGet(uri, out var document)
            || position.Line < 0 || position.Character < 0 || position.Line >= document.Lines.LineCount || !ServerLimits.FitsEngine(document.Text))
        {
            return;
        }

        lock (this.gate)
        {
            if (this.running.ContainsKey(uri))
            {
                return;
            }
        }

        int offset = document.GetOffset(position, out _);
        if (offset > 0 && offset < document.Text.Length && char.IsHighSurrogate(document.Text[offset - 1]) && char.IsLowSurrogate(document.Text[offset]))
        {
            offset--;
        }

        _ = this.engine.PrefillAsync(new CompletionRequest(document.Path, document.Text, offset, settings.ToCompletionOptions()));
    }

    /// <summary>Cancels the running request for a document (closed) or for all documents (<paramref name="uri"/> null).</summary>
    public void CancelRunning(string? uri)
    {
        lock (this.gate)
        {
            foreach (var (key, entry) in this.running.ToArray())
            {
                if (uri is null || key == uri)
                {
                    entry.Source.Cancel();
                    this.running.Remove(key);
                }
            }
        }
    }

    private async Task<InlineCompletionList> RunAsync(
        DocumentSnapshot document,
        Position cursor,
        int offset,
        CompletionRequest engineRequest,
        SelectedCompletion? selected,
        CancellationTokenSource cts,
        CancellationToken clientToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // Off the queue: the engine may do synchronous work before its first await.
            var result = await Task.Run(() => this.engine.CompleteAsync(engineRequest, cts.Token), cts.Token).ConfigureAwait(false);
            this.model.ReportCompletionSucceeded();
            cts.Token.ThrowIfCancellationRequested();
            InlineCompletionList list;
            if (selected is null)
            {
                var items = Distinct(result.Items.Select(i => (i.Text, (double?)i.Score)));
                this.cache.Remember(document.Uri, document.Text, offset, items.Select(i => i.Text).ToList(), items.Select(i => i.Score ?? 0).ToList());
                list = ToList(items, new LspRange(cursor, cursor));
            }
            else
            {
                var items = Distinct(result.Items
                    .Where(i => i.Text.Length > selected.AcceptedPrefix.Length && i.Text.StartsWith(selected.AcceptedPrefix, StringComparison.Ordinal))
                    .Select(i => (selected.ItemText + i.Text[selected.AcceptedPrefix.Length..], (double?)i.Score)));
                list = ToList(items, selected.Range);
            }

            var t = result.Timings;
            this.logger.Log(string.Create(
                CultureInfo.InvariantCulture,
                $"inlineCompletion {DescribeCursor(document, cursor)}: {list.Items.Count} item(s) in {stopwatch.ElapsedMilliseconds} ms (engine {t.Total.TotalMilliseconds:F0} ms, prompt {t.PromptTokens} tokens, {t.ReusedPromptTokens} reused, {t.GeneratedTokens} generated; {t.Describe()})"));
            return list;
        }
        catch (OperationCanceledException) when (clientToken.IsCancellationRequested)
        {
            this.logger.Log($"inlineCompletion {DescribeCursor(document, cursor)}: cancelled by the client after {stopwatch.ElapsedMilliseconds} ms");
            throw;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            this.logger.Log($"inlineCompletion {DescribeCursor(document, cursor)}: superseded after {stopwatch.ElapsedMilliseconds} ms");
            return InlineCompletionList.Empty;
        }
        catch (RemoteBackendException ex)
        {
            // A remote server's failure (unreachable, 401, model not found, ...): status "error" with the category, logged
            // once per burst, not once per keystroke.
            this.model.ReportRemoteFailure(ex);
            return InlineCompletionList.Empty;
        }
#pragma warning disable CA1031 // An engine failure means no suggestions, not a broken server.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The user sees it: status "error" with the reason (one notification per burst, in the extension) until a
            // completion succeeds again.
            this.logger.Error($"inlineCompletion {DescribeCursor(document, cursor)} failed: {ex}");
            this.model.ReportCompletionFailed(ModelController.Describe(ex));
            return InlineCompletionList.Empty;
        }
        finally
        {
            // Under the lock: superseding and CancelRunning cancel under it too, so never a disposed source.
            lock (this.gate)
            {
                if (this.running.TryGetValue(document.Uri, out var current) && current.Source == cts)
                {
                    this.running.Remove(document.Uri);
                }

                cts.Dispose();
            }
        }
    }

    /// <summary>
    /// Turns LSP selectedCompletionInfo into the request the engine sees "as if the item had been accepted". When the
    /// item's text starts with what is typed in its range up to the cursor and the range ends at the cursor, the
    /// document is used as is and the accepted prefix is the rest of the item; otherwise the range is removed from the
    /// document and the whole item is the accepted prefix. Null when there is no (usable) selected item.
    /// </summary>
    private SelectedCompletion? MapSelectedCompletion(DocumentSnapshot document, int offset, SelectedCompletionInfo? info)
    {
        if (info is null)
        {
            return null;
        }

        int start = document.GetOffset(info.Range.Start, out _);
        int end = document.GetOffset(info.Range.End, out _);
        var cursor = document.GetPosition(offset);
        if (start > offset || end < offset || info.Range.Start.Line != cursor.Line || info.Range.End.Line != cursor.Line)
        {
            this.logger.Warning($"Ignoring selectedCompletionInfo {info.Range} that does not contain the cursor {cursor}.");
            return null;
        }

        string text = document.Text;
        var range = new LspRange(document.GetPosition(start), document.GetPosition(end));
        string typed = text[start..offset];
        if (end == offset && info.Text.StartsWith(typed, StringComparison.Ordinal))
        {
            return new SelectedCompletion(text, offset, info.Text[typed.Length..], info.Text, range);
        }

        return new SelectedCompletion(text.Remove(start, end - start), start, info.Text, info.Text, range);
    }

    private static List<(string Text, double? Score)> Distinct(IEnumerable<(string Text, double? Score)> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(i => i.Text.Length > 0 && seen.Add(i.Text)).ToList();
    }

    /// <summary>The LSP items; each carries its ranker score (when known) so that the client can keep a shown suggestion
    /// unless a newer one is better.</summary>
    private static InlineCompletionList ToList(IReadOnlyList<(string Text, double? Score)> items, LspRange range) =>
        items.Count == 0
            ? InlineCompletionList.Empty
            : new InlineCompletionList(items.Select(i => new InlineCompletionItem(i.Text, range, i.Text, i.Score is { } score ? new InlineCompletionItemData(score) : null)).ToArray());

    private static string DescribeCursor(DocumentSnapshot document, Position cursor) =>
        $"{Path.GetFileName(document.Path)}:{cursor.Line + 1}:{cursor.Character + 1}";

    /// <summary>The engine's view of an accepted suggest item, and how to map the engine's items back.</summary>
    private sealed record SelectedCompletion(string Text, int Offset, string AcceptedPrefix, string ItemText, LspRange Range);
}
