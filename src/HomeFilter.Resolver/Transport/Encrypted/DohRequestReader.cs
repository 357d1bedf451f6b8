using System.Buffers;
using System.Buffers.Text;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// The checks of an RFC 8484 request, apart from HTTP itself: path and client ID, method, content type, the
/// <c>dns</c> parameter of a GET and the message header. Pure functions, so every case is a table row in a test.
/// </summary>
public static class DohRequestReader
{
    public const string Path = "/dns-query";
    public const string MediaType = "application/dns-message";

    /// <summary>The longest base64url text of a 65535-byte message.</summary>
    public static readonly int MaxEncodedLength = Base64Url.GetEncodedLength(QueryContext.MaxMessageSize);

    /// <summary>Reads <c>/dns-query</c> (no client ID) or <c>/dns-query/{client-id}</c> (a label, lower-cased).</summary>
    public static DohRejection ReadPath(ReadOnlySpan<char> path, out string? clientId)
    {
        clientId = null;
        if (!path.StartsWith(Path, StringComparison.Ordinal))
        {
            return DohRejection.NotFound;
        }

        var rest = path[Path.Length..];
        if (rest.IsEmpty || rest is "/")
        {
            return DohRejection.None;
        }

        if (rest[0] != '/')
        {
            return DohRejection.NotFound;
        }

        rest = rest[1..];
        if (rest.Length > 0 && rest[^1] == '/')
        {
            rest = rest[..^1];
        }

        clientId = ClientIdLabel.TryRead(rest);
        return clientId is null ? DohRejection.BadClientId : DohRejection.None;
    }

    /// <summary>GET and POST are the methods of RFC 8484; HEAD and the rest are not DNS queries.</summary>
    public static DohRejection CheckMethod(string method, out bool isPost)
    {
        isPost = string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
        return isPost || string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) ? DohRejection.None : DohRejection.WrongMethod;
    }

    /// <summary>A POST body must be <c>application/dns-message</c> (parameters ignored) and fit a DNS message.</summary>
    public static DohRejection CheckPost(ReadOnlySpan<char> contentType, long? contentLength)
    {
        var semicolon = contentType.IndexOf(';');
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        if (!media.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return DohRejection.UnsupportedMediaType;
        }

        return contentLength > QueryContext.MaxMessageSize ? DohRejection.TooLarge : DohRejection.None;
    }

    /// <summary>
    /// Decodes the <c>dns</c> parameter of a GET (base64url, padding tolerated) into <paramref name="message"/>
    /// (at least 65535 bytes) and checks its header.
    /// </summary>
    public static DohRejection DecodeGet(ReadOnlySpan<char> dns, bool present, Span<byte> message, out int length)
    {
        length = 0;
        if (!present || dns.IsEmpty)
        {
            return DohRejection.MissingDns;
        }

        var unpadded = dns.TrimEnd('=');
        if (unpadded.Length > MaxEncodedLength)
        {
            return DohRejection.TooLarge;
        }

        if (Base64Url.DecodeFromChars(unpadded, message, out var consumed, out length) != OperationStatus.Done || consumed != unpadded.Length)
        {
            length = 0;
            return DohRejection.BadBase64;
        }

        return CheckMessage(message[..length]);
    }

    /// <summary>
    /// Finds the <c>dns</c> parameter in a query string (with or without its leading <c>?</c>) without building a
    /// dictionary of every parameter. Base64url needs no percent-decoding; an encoded padding <c>%3D</c> is dropped.
    /// </summary>
    public static bool FindDnsParameter(ReadOnlySpan<char> queryString, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!queryString.IsEmpty && queryString[0] == '?')
        {
            queryString = queryString[1..];
        }

        while (!queryString.IsEmpty)
        {
            var amp = queryString.IndexOf('&');
            var pair = amp < 0 ? queryString : queryString[..amp];
            queryString = amp < 0 ? default : queryString[(amp + 1)..];
            if (pair.StartsWith("dns=", StringComparison.Ordinal))
            {
                value = pair[4..];
                while (value.EndsWith("%3D", StringComparison.OrdinalIgnoreCase))
                {
                    value = value[..^3];
                }

                return true;
            }

            if (pair is "dns")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>At least a DNS header, and a query (QR clear): anything else is not for the pipeline.</summary>
    public static DohRejection CheckMessage(ReadOnlySpan<byte> message)
        => message.Length < DnsWire.HeaderSize || (message[DnsWire.OffsetFlags] & 0x80) != 0 ? DohRejection.NotDns : DohRejection.None;

    public static int StatusCode(DohRejection rejection) => rejection switch
    {
        DohRejection.NotFound => 404,
        DohRejection.WrongMethod => 405,
        DohRejection.UnsupportedMediaType => 415,
        _ => 400,
    };

    /// <summary>The metric tag of a rejection (static strings).</summary>
    public static string Reason(DohRejection rejection) => rejection switch
    {
        DohRejection.NotFound => "not-found",
        DohRejection.BadClientId => "bad-client-id",
        DohRejection.WrongMethod => "wrong-method",
        DohRejection.UnsupportedMediaType => "wrong-content-type",
        DohRejection.MissingDns => "missing-dns",
        DohRejection.BadBase64 => "bad-base64url",
        DohRejection.TooLarge => "too-large",
        DohRejection.NotDns => "not-dns",
        _ => "none",
    };
}
