namespace HomeFilter.Compliance.Transport;

/// <summary>The response bytes, or why there are none (a genreport transport tag such as "timeout").</summary>
internal readonly record struct ExchangeResult(byte[]? Response, string? FailureTag, string? FailureWhy)
{
    public bool Succeeded => Response is not null;

    public static ExchangeResult Of(byte[] response) => new(response, null, null);

    public static ExchangeResult Fail(string tag, string why) => new(null, tag, why);
}
