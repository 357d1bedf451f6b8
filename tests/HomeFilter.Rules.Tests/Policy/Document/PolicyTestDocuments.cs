namespace HomeFilter.Rules.Tests.Policy.Document;

/// <summary>Policy documents shared by the reader, validator and schema tests.</summary>
internal static class PolicyTestDocuments
{
    /// <summary>The example from docs/policy.md, exactly as written there.</summary>
    public const string Example = """
        {
          "timeZone": "Europe/London",
          "categories": {
            "social": { "sources": ["blocklists/social.txt"], "description": "Social networks" }
          },
          "allow": ["homework.example"],
          "deny": ["bad.example"],
          "groups": [
            {
              "name": "kids",
              "clients": ["192.168.1.20", "192.168.1.32/28", "fd00::20"],
              "block": ["social"],
              "safeSearch": true,
              "schedules": [
                { "days": ["sun", "mon", "tue", "wed", "thu"], "from": "21:00", "to": "07:00", "block": ["*"] }
              ]
            }
          ]
        }
        """;

    /// <summary>A document that sets every property of the model.</summary>
    public const string Full = """
        {
          "timeZone": "America/New_York",
          "categories": {
            "adult": { "sources": ["adult.txt"], "description": "Adult content" },
            "gambling": { "sources": ["https://lists.example/gambling.txt"] },
            "bypass": { "sources": ["extra-bypass.txt"] }
          },
          "allow": ["homework.example", "bücher.example"],
          "deny": ["bad.example"],
          "blockMode": "nxdomain",
          "default": {
            "block": ["adult"],
            "safeSearch": false,
            "schedules": [],
            "blockMode": "0.0.0.0, ::",
            "bypassProtection": true,
            "log": "blocked",
            "anonymizeClients": true,
            "alerts": { "bypass": false }
          },
          "groups": [
            {
              "name": "kids",
              "clients": ["192.168.1.20", "192.168.1.32/28", "fd00::/64", "fd00:1::20/128"],
              "block": ["adult", "gambling", "bypass"],
              "safeSearch": true,
              "schedules": [
                { "name": "bedtime", "days": ["Sun", "MON"], "from": "21:00", "to": "07:00", "block": ["*"] },
                { "from": "09:00", "to": "09:00", "block": ["gambling"] }
              ],
              "blockMode": "refused",
              "bypassProtection": false,
              "log": "none",
              "anonymizeClients": false,
              "alerts": {
                "nightActivity": { "enabled": true, "from": "22:30", "to": "06:00" },
                "sensitiveCategories": ["adult", "gambling"],
                "bypass": true,
                "silence": { "enabled": false, "minutes": 45 }
              }
            }
          ],
          "local": [
            { "name": "printer.home", "a": ["192.168.1.5"], "aaaa": ["fd00::5"], "txt": ["model=x"], "ttl": 600 },
            { "name": "nas.home", "cname": "printer.home" }
          ],
          "forward": [
            { "domain": "home.arpa", "servers": ["192.168.1.1", "192.168.1.1:5353", "[fd00::1]:53", "fd00::1"] }
          ]
        }
        """;

    /// <summary>Writes a document with single quotes for readability in tables: <c>{'a': 1}</c>.</summary>
    public static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    /// <summary>The repository's root folder, found from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeFilter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HomeFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
