namespace HomeFilter.Admin.Tests;

/// <summary>An RFC 9457 problem document as the API returns it.</summary>
internal sealed record ProblemDocument(string? Type, string? Title, int? Status, string? Detail);
