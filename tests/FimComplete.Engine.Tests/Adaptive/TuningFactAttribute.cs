namespace FimComplete.Engine.Tests.Adaptive;

/// <summary>A tool run through the test runner, not a test: reported as skipped (with how to run it) unless
/// FIM_TUNE_MODEL names a model folder, so a run without it never counts as a pass.</summary>
public sealed class TuningFactAttribute : FactAttribute
{
    public TuningFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FIM_TUNE_MODEL")))
        {
            Skip = "Tuning tool, not a test: set FIM_TUNE_MODEL to a model folder to run it (see CacheLmTuningHarness).";
        }
    }
}
