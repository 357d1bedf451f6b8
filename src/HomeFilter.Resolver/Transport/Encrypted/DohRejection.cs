namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>Why a DoH request is answered with an HTTP error instead of reaching the pipeline.</summary>
public enum DohRejection : byte
{
    None,

    /// <summary>Not <c>/dns-query</c> or <c>/dns-query/{client-id}</c> (404).</summary>
    NotFound,

    /// <summary>The path's client ID is not a DNS label (400).</summary>
    BadClientId,

    /// <summary>Neither GET nor POST (405).</summary>
    WrongMethod,

    /// <summary>A POST whose content type is not <c>application/dns-message</c> (415).</summary>
    UnsupportedMediaType,

    /// <summary>A GET without the <c>dns</c> parameter (400).</summary>
    MissingDns,

    /// <summary>The <c>dns</c> parameter is not base64url (400).</summary>
    BadBase64,

    /// <summary>The message is longer than 65535 bytes (400).</summary>
    TooLarge,

    /// <summary>Shorter than a DNS header, or a response rather than a query (400).</summary>
    NotDns,
}
