namespace HomeFilter.Admin;

/// <summary>Where the program keeps its files, for the pages that show it.</summary>
public sealed record AdminPaths(string DataDirectory);
