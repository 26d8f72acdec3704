namespace FimComplete.Hardening.Tests.Infrastructure;

public static class Samples
{
    /// <summary>A C# file with a cursor where a code model completes something (the body of Add), as in the node tests.</summary>
    public static string MathUtil { get; } = string.Join("\r\n",
        "using System;",
        string.Empty,
        "namespace Demo;",
        string.Empty,
        "public static class MathUtil",
        "{",
        "    /// <summary>Returns the sum of a and b.</summary>",
        "    public static int Add(int a, int b)",
        "    {",
        "        return ",
        "    }",
        "}",
        string.Empty);

    public static (int Line, int Character) MathUtilCursor { get; } = (9, 15);
}

/// <summary>A document where the tiny fixture model (tests/fixtures/models/mha-manifest) returns an item.</summary>
public static class TinyProbe
{
    public const string Text = "using System;\nclass A {\n  int Add(int a, int b) {\n    return \n  }\n}\n";

    public const int Line = 3;

    public const int Character = 11;
}
