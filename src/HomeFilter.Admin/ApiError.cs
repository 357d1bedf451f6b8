namespace HomeFilter.Admin;

/// <summary>The body of every error the API returns.</summary>
public sealed record ApiError(string Error);
