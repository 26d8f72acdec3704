using FimComplete.Inference.Generation;
using FimComplete.Inference.Remote;

namespace FimComplete.Inference.Tests.Remote;

/// <summary>The text FIM formats sent to servers that take a raw prompt, and <c>auto</c> detection from model names.</summary>
public sealed class RemoteFimTemplateTests
{
    [Theory]
    [InlineData("qwen2.5-coder:1.5b-base", "qwen")]
    [InlineData("Qwen/Qwen2.5-Coder-7B", "qwen")]
    [InlineData("bigcode/starcoder2-3b", "starcoder")]
    [InlineData("starcoder2:7b", "starcoder")]
    [InlineData("deepseek-coder:6.7b-base", "deepseek")]
    [InlineData("deepseek-ai/deepseek-coder-1.3b-base", "deepseek")]
    [InlineData("codellama:7b-code", "codellama")]
    [InlineData("meta-llama/CodeLlama-7b-hf", "codellama")]
    [InlineData("codegemma:2b", "codegemma")]
    [InlineData("google/codegemma-2b", "codegemma")]
    public void Auto_picks_the_family_the_model_name_says(string model, string expected)
    {
        Assert.Equal(expected, RemoteFimTemplate.Resolve("auto", model)?.Name);
        Assert.Equal(expected, RemoteFimTemplate.Resolve(null, model)?.Name);
    }

    [Fact]
    public void Auto_with_an_unknown_family_and_server_leave_the_template_to_the_server()
    {
        Assert.Null(RemoteFimTemplate.Resolve("auto", "my-finetune:latest"));
        Assert.Null(RemoteFimTemplate.Resolve("server", "qwen2.5-coder:1.5b-base"));
        Assert.Equal("deepseek", RemoteFimTemplate.Resolve("DeepSeek", "qwen2.5-coder")!.Name);
        Assert.Throws<ArgumentException>(() => RemoteFimTemplate.Resolve("gpt", "x"));
        Assert.True(RemoteFimTemplate.IsValidSetting("codegemma"));
        Assert.False(RemoteFimTemplate.IsValidSetting("gpt"));
    }

    [Theory]
    [InlineData("qwen", "<|fim_prefix|>int a = <|fim_suffix|>;\n<|fim_middle|>")]
    [InlineData("starcoder", "<fim_prefix>int a = <fim_suffix>;\n<fim_middle>")]
    [InlineData("deepseek", "<｜fim▁begin｜>int a = <｜fim▁hole｜>;\n<｜fim▁end｜>")]
    [InlineData("codellama", "<PRE> int a =  <SUF>;\n <MID>")]
    [InlineData("codegemma", "<|fim_prefix|>int a = <|fim_suffix|>;\n<|fim_middle|>")]
    public void Each_family_writes_its_documented_psm_prompt(string name, string expected)
    {
        var template = RemoteFimTemplate.Resolve(name, "any")!;
        Assert.Equal(expected, template.Build("int a = ", ";\n", [], "A.cs"));
    }

    [Fact]
    public void Cross_file_chunks_are_files_of_the_repository_format_where_there_is_one_else_text_before_the_prefix()
    {
        ContextChunk[] chunks = [new("context/Signatures.cs", "// Point.cs\nrecord Point(int X);\n")];
        Assert.Equal(
            "<|file_sep|>context/Signatures.cs\n// Point.cs\nrecord Point(int X);\n<|file_sep|>src/A.cs\n<|fim_prefix|>var p = <|fim_suffix|>\n<|fim_middle|>",
            RemoteFimTemplate.Resolve("qwen", "m")!.Build("var p = ", "\n", chunks, "src/A.cs"));
        Assert.Equal(
            "<｜fim▁begin｜>// Point.cs\nrecord Point(int X);\nvar p = <｜fim▁hole｜>\n<｜fim▁end｜>",
            RemoteFimTemplate.Resolve("deepseek", "m")!.Build("var p = ", "\n", chunks, "src/A.cs"));
    }
}
