using FimComplete.Inference.Onnx;

namespace FimComplete.Inference.Tests;

public sealed class ModelLoadErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fim-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CopyFixture(string name)
    {
        var target = Path.Combine(_dir, name);
        foreach (var file in Directory.EnumerateFiles(TestPaths.Fixture(name), "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(TestPaths.Fixture(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }

        return target;
    }

    [Fact]
    public void Missing_onnx_file_names_the_file()
    {
        var folder = CopyFixture("mha-manifest");
        File.Delete(Path.Combine(folder, "model.onnx"));
        var ex = Assert.Throws<ModelLoadException>(() => FimModel.Load(folder, new InferenceOptions(ExecutionProviderKind.Cpu)));
        Assert.Contains(Path.Combine(folder, "model.onnx"), ex.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public void Corrupt_onnx_file_names_the_file(string damage)
    {
        var folder = CopyFixture("mha-manifest");
        var onnx = Path.Combine(folder, "model.onnx");
        if (damage == "truncated")
        {
            var bytes = File.ReadAllBytes(onnx);
            File.WriteAllBytes(onnx, bytes[..(bytes.Length / 3)]);
        }
        else
        {
            File.WriteAllText(onnx, "this is not an ONNX model");
        }

        var ex = Assert.Throws<ModelLoadException>(() => FimModel.Load(folder, new InferenceOptions(ExecutionProviderKind.Cpu)));
        Assert.Contains(onnx, ex.Message);
    }

    [Fact]
    public void Corrupt_tokenizer_names_the_file()
    {
        var folder = CopyFixture("gqa-hf");
        var tokenizer = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(tokenizer, "{ \"model\": { \"type\": \"BPE\", \"vocab\": ");
        var ex = Assert.Throws<ModelLoadException>(() => FimModel.Load(folder, new InferenceOptions(ExecutionProviderKind.Cpu)));
        Assert.Contains(tokenizer, ex.Message);
    }

    [Fact]
    public void Vocabulary_without_fim_tokens_lists_what_was_looked_for()
    {
        var ex = Assert.Throws<ModelLoadException>(() => FimModel.Load(TestPaths.Fixture("nofim-hf"), new InferenceOptions(ExecutionProviderKind.Cpu)));
        Assert.Contains("no known FIM tokens", ex.Message);
        Assert.Contains("<fim_prefix>", ex.Message);
        Assert.Contains("<|fim_prefix|>", ex.Message);
        Assert.Contains("<｜fim▁begin｜>", ex.Message);
        Assert.Contains("<PRE>", ex.Message);
    }

    [Fact]
    public void Missing_folder_is_reported()
    {
        var ex = Assert.Throws<ModelLoadException>(() => FimModel.Load(Path.Combine(_dir, "nope"), new InferenceOptions(ExecutionProviderKind.Cpu)));
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void Templates_are_detected_from_the_vocabulary()
    {
        using var qwen = FimModel.Load(TestPaths.Fixture("gqa-hf"), new InferenceOptions(ExecutionProviderKind.Cpu));
        using var deepseek = FimModel.Load(TestPaths.Fixture("merged-hf"), new InferenceOptions(ExecutionProviderKind.Cpu));
        using var codellama = FimModel.Load(TestPaths.Fixture("fp16kv-hf"), new InferenceOptions(ExecutionProviderKind.Cpu));
        Assert.Equal("qwen", qwen.Template.Template.Name);
        Assert.Equal("deepseek", deepseek.Template.Template.Name);
        Assert.Equal("codellama", codellama.Template.Template.Name);
        Assert.Equal(2, qwen.Session.KvHeads);
    }

    /// <summary>Issue 8 / I1: a tokenizer with more ids than the model has logits fails the load, naming both numbers
    /// and both files (before, it loaded as ready and every generation failed in ONNX Runtime).</summary>
    [Fact]
    public void A_tokenizer_larger_than_the_models_vocabulary_fails_the_load_naming_both_sizes_and_files()
    {
        var folder = CopyFixture("mha-manifest");
        int modelVocabulary;
        using (var good = FimModel.Load(folder, new InferenceOptions(ExecutionProviderKind.Cpu)))
        {
            modelVocabulary = good.Session.VocabularySize;
            Assert.True(modelVocabulary > 0, "the fixture's logits output declares its vocabulary size");
            Assert.True(good.Tokenizer.VocabularySize <= modelVocabulary);
        }

        var tokenizerPath = Path.Combine(folder, "tokenizer.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(tokenizerPath))!;
        var added = json["added_tokens"]!.AsArray();
        for (var i = 0; i < 8; i++)
        {
            added.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = modelVocabulary + i,
                ["content"] = $"<extra_{i}>",
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = true,
            });
        }

        File.WriteAllText(tokenizerPath, json.ToJsonString());
        var ex = Assert.Throws<ModelLoadException>(() => FimModel.Load(folder, new InferenceOptions(ExecutionProviderKind.Cpu)));
        Assert.Contains($"{modelVocabulary + 8} token ids", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"logits for only {modelVocabulary} tokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains(tokenizerPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder, "model.onnx"), ex.Message, StringComparison.Ordinal);
    }
}
