namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>What a policy's list source names.</summary>
public enum ListSourceKind
{
    /// <summary>A file, absolute or relative to the policy's folder.</summary>
    Path,

    /// <summary>An http or https URL, downloaded and cached.</summary>
    Url,

    /// <summary>Neither: empty, another scheme (<c>file:</c>, <c>ftp:</c>, ...) or a URL without a host.</summary>
    Invalid,
}
