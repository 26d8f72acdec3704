namespace FimComplete.Inference;

/// <summary>A model folder, ONNX file or tokenizer that cannot be loaded; the message names the file and the reason.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
