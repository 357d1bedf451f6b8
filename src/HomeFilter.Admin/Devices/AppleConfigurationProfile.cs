using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace HomeFilter.Admin.Devices;

/// <summary>
/// An Apple configuration profile (<c>.mobileconfig</c>, an XML property list) with one
/// <c>com.apple.dnsSettings.managed</c> payload that points the device's system DNS at its DoH URL. The identifiers
/// and UUIDs are derived from the host and client ID, so downloading it again replaces the installed profile rather
/// than adding a second one. Unsigned: the device says so when it is installed.
/// </summary>
public static class AppleConfigurationProfile
{
    public const string ContentType = "application/x-apple-aspen-config";

    public static byte[] Create(string deviceName, string host, string clientId, string dohUrl)
    {
        ArgumentNullException.ThrowIfNull(deviceName);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(dohUrl);
        var identifier = Identifier(host, clientId);
        var displayName = "HomeFilter \u2013 " + deviceName;
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = true, IndentChars = "\t" };
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteDocType("plist", "-//Apple//DTD PLIST 1.0//EN", "http://www.apple.com/DTDs/PropertyList-1.0.dtd", null);
            xml.WriteStartElement("plist");
            xml.WriteAttributeString("version", "1.0");
            xml.WriteStartElement("dict");

            Key(xml, "PayloadContent");
            xml.WriteStartElement("array");
            xml.WriteStartElement("dict");
            Key(xml, "DNSSettings");
            xml.WriteStartElement("dict");
            String(xml, "DNSProtocol", "HTTPS");
            String(xml, "ServerURL", dohUrl);
            xml.WriteEndElement();
            String(xml, "PayloadDescription", $"Sends this device's DNS queries to HomeFilter ({host}) over HTTPS.");
            String(xml, "PayloadDisplayName", displayName);
            String(xml, "PayloadIdentifier", identifier + ".dns");
            String(xml, "PayloadType", "com.apple.dnsSettings.managed");
            String(xml, "PayloadUUID", StableUuid(identifier + ".dns"));
            Integer(xml, "PayloadVersion", 1);
            xml.WriteEndElement();
            xml.WriteEndElement();

            String(xml, "PayloadDescription", $"Encrypted DNS through HomeFilter for {deviceName}.");
            String(xml, "PayloadDisplayName", displayName);
            String(xml, "PayloadIdentifier", identifier);
            Key(xml, "PayloadRemovalDisallowed");
            xml.WriteElementString("false", "");
            String(xml, "PayloadType", "Configuration");
            String(xml, "PayloadUUID", StableUuid(identifier));
            Integer(xml, "PayloadVersion", 1);

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>Reverse-DNS, as Apple's identifiers are: <c>example.home.dns.homefilter.emma-phone</c> for dns.home.example.</summary>
    public static string Identifier(string host, string clientId)
    {
        var labels = host.ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries);
        Array.Reverse(labels);
        return string.Join('.', labels) + ".homefilter." + clientId;
    }

    /// <summary>A name-based UUID (SHA-256 of the identifier, version and variant bits set as RFC 9562's version 8), upper-case as Apple writes them.</summary>
    public static string StableUuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D").ToUpperInvariant();
    }

    private static void Key(XmlWriter xml, string key) => xml.WriteElementString("key", key);

    private static void String(XmlWriter xml, string key, string value)
    {
        Key(xml, key);
        xml.WriteElementString("string", value);
    }

    private static void Integer(XmlWriter xml, string key, int value)
    {
        Key(xml, key);
        xml.WriteElementString("integer", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
