namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// The JSON shape of <see cref="PolicyDocument"/>, property by property. It mirrors the model classes;
/// a test compares the two by reflection so they cannot drift apart.
/// </summary>
internal static class PolicyDocumentShape
{
    public static JsonShape Root { get; } = Build();

    private static JsonShape Build()
    {
        var strings = JsonShape.Array(JsonShape.String());

        var schedule = JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["name"] = JsonShape.String(nullable: true),
            ["days"] = strings,
            ["from"] = JsonShape.String(),
            ["to"] = JsonShape.String(),
            ["block"] = strings,
        });

        var alerts = JsonShape.Object(
            new(StringComparer.Ordinal)
            {
                ["nightActivity"] = JsonShape.Object(
                    new(StringComparer.Ordinal)
                    {
                        ["enabled"] = JsonShape.Boolean(),
                        ["from"] = JsonShape.String(),
                        ["to"] = JsonShape.String(),
                    },
                    nullable: true),
                ["sensitiveCategories"] = JsonShape.Array(JsonShape.String(), nullable: true),
                ["bypass"] = JsonShape.Boolean(nullable: true),
                ["silence"] = JsonShape.Object(
                    new(StringComparer.Ordinal)
                    {
                        ["enabled"] = JsonShape.Boolean(),
                        ["minutes"] = JsonShape.Integer(),
                    },
                    nullable: true),
            },
            nullable: true);

        var rateLimit = JsonShape.Object(
            new(StringComparer.Ordinal)
            {
                ["enabled"] = JsonShape.Boolean(nullable: true),
                ["queriesPerSecond"] = JsonShape.Integer(nullable: true),
                ["burst"] = JsonShape.Integer(nullable: true),
                ["networkQueriesPerSecond"] = JsonShape.Integer(nullable: true),
                ["networkBurst"] = JsonShape.Integer(nullable: true),
            },
            nullable: true);

        Dictionary<string, JsonShape> GroupRulesProperties() => new(StringComparer.Ordinal)
        {
            ["block"] = strings,
            ["safeSearch"] = JsonShape.Boolean(),
            ["schedules"] = JsonShape.Array(schedule),
            ["blockMode"] = JsonShape.String(nullable: true),
            ["bypassProtection"] = JsonShape.Boolean(nullable: true),
            ["log"] = JsonShape.String(nullable: true),
            ["anonymizeClients"] = JsonShape.Boolean(),
            ["alerts"] = alerts,
            ["rateLimit"] = rateLimit,
        };

        var groupProperties = GroupRulesProperties();
        groupProperties["name"] = JsonShape.String();
        groupProperties["clients"] = strings;

        var category = JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["sources"] = strings,
            ["description"] = JsonShape.String(nullable: true),
        });

        var local = JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["name"] = JsonShape.String(),
            ["a"] = strings,
            ["aaaa"] = strings,
            ["cname"] = JsonShape.String(nullable: true),
            ["txt"] = strings,
            ["ttl"] = JsonShape.Integer(nullable: true),
        });

        var forward = JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["domain"] = JsonShape.String(),
            ["servers"] = strings,
        });

        var device = JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["name"] = JsonShape.String(),
            ["addresses"] = strings,
            ["macs"] = strings,
            ["clientId"] = JsonShape.String(nullable: true),
        });

        var overrideShape = JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["id"] = JsonShape.String(nullable: true),
            ["kind"] = JsonShape.String(),
            ["client"] = JsonShape.String(nullable: true),
            ["group"] = JsonShape.String(nullable: true),
            ["names"] = JsonShape.Array(JsonShape.String(), nullable: true),
            ["until"] = JsonShape.String(),
            ["note"] = JsonShape.String(nullable: true),
        });

        return JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["timeZone"] = JsonShape.String(nullable: true),
            ["categories"] = JsonShape.Map(category),
            ["allow"] = strings,
            ["deny"] = strings,
            ["blockMode"] = JsonShape.String(nullable: true),
            ["default"] = JsonShape.Object(GroupRulesProperties()),
            ["groups"] = JsonShape.Array(JsonShape.Object(groupProperties)),
            ["local"] = JsonShape.Array(local),
            ["forward"] = JsonShape.Array(forward),
            ["devices"] = JsonShape.Array(device),
            ["overrides"] = JsonShape.Array(overrideShape),
            ["branches"] = PolicyBranchShape.Branches(JsonShape.Object(groupProperties), device, local),
        });
    }
}
