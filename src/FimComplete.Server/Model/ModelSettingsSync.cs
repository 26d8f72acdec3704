using FimComplete.Server.Completion;
using FimComplete.Server.Configuration;

namespace FimComplete.Server.Model;

/// <summary>Keeps the model in step with the settings: first load after <c>initialized</c>, reloads when the
/// settings or the API key change, enable/disable (and the typing-through cache cleared on any settings change).</summary>
public sealed class ModelSettingsSync
{
    private readonly ConfigurationManager configuration;
    private readonly ModelController model;
    private readonly TypingThroughCache cache;
    private readonly object gate = new();
    private bool started;

    public ModelSettingsSync(ConfigurationManager configuration, ModelController model, TypingThroughCache cache)
    {
        this.configuration = configuration;
        this.model = model;
        this.cache = cache;
        this.configuration.Changed += this.OnSettingsChanged;
        this.configuration.ApiKeyChanged += this.OnApiKeyChanged;
    }

    /// <summary>After <c>initialized</c>: report status, pull the settings (if the client supports it), then load the model.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        this.model.SetEnabled(this.configuration.Current.Enabled);
        this.model.Activate();
        await this.configuration.PullAsync(cancellationToken).ConfigureAwait(false);
        lock (this.gate)
        {
            this.started = true;
        }

        this.ApplyModelSettings(this.configuration.Current);
    }

    private void OnSettingsChanged(FimSettings previous, FimSettings current)
    {
        this.cache.Clear();
        if (previous.Enabled != current.Enabled)
        {
            this.model.SetEnabled(current.Enabled);
        }

        bool isStarted;
        lock (this.gate)
        {
            isStarted = this.started;
        }

        if (isStarted)
        {
            this.ApplyModelSettings(current);
        }
    }

    private void OnApiKeyChanged()
    {
        bool isStarted;
        lock (this.gate)
        {
            isStarted = this.started;
        }

        if (isStarted)
        {
            this.ApplyModelSettings(this.configuration.Current);
        }
    }

    /// <summary>Loads the model the settings name when that differs from the last one requested (enabled only).</summary>
    private void ApplyModelSettings(FimSettings settings)
    {
        if (settings.Enabled)
        {
            _ = this.model.RequestLoad(this.configuration.GetModelSettings(settings));
        }
    }
}
