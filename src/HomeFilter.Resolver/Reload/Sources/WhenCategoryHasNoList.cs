namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>How a category with no list loaded yet (every list a download that never succeeded) is answered.</summary>
public enum WhenCategoryHasNoList
{
    /// <summary>Answer names as usual (the category blocks nothing yet) and warn: a household keeps working.</summary>
    Answer,

    /// <summary>Answer REFUSED to clients whose rules block the category, until a list loads: a library fails closed.</summary>
    Refuse,
}
