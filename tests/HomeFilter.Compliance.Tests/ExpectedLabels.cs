namespace HomeFilter.Compliance.Tests;

/// <summary>The result labels of the default run, for stating which checks a fault must fail.</summary>
internal static class ExpectedLabels
{
    /// <summary>genreport's -f report in its order: 31 tests plus the derived "signed" line.</summary>
    public static readonly string[] Names =
    [
        "dns", "aa", "ad", "cd", "ra", "rd", "tc", "zflag", "opcode", "opcodeflg", "type666", "tcp",
        "edns", "edns1", "edns@512", "ednsopt", "edns1opt", "do", "docd", "edns1do", "ednsflags", "optlist",
        "ednsnsid", "ednscookie", "ednsexpire", "ednssubnet", "edns1nsid", "edns1cookie", "edns1expire", "edns1subnet",
        "signed", "ednstcp",
    ];

    public static readonly string[] EdnsNames =
    [
        "edns", "edns1", "edns@512", "ednsopt", "edns1opt", "do", "docd", "edns1do", "ednsflags", "optlist",
        "ednsnsid", "ednscookie", "ednsexpire", "ednssubnet", "edns1nsid", "edns1cookie", "edns1expire", "edns1subnet",
        "signed", "ednstcp",
    ];

    /// <summary>The 64 labels: genreport's apex-SOA flavour, then the A flavour.</summary>
    public static string[] All => Both(Names);

    public static string[] Both(params string[] names) => [.. names, .. names.Select(n => "A/" + n)];

    public static string[] AllExcept(params string[] names) => Both([.. Names.Except(names)]);
}
