using System;

namespace Restricted;

public static class Program
{
    public static void Main(string[] args)
    {
        var greeting = "Hello";
    }

    public static int Add(int a, int b)
    {
        return a + b;
    }
}
