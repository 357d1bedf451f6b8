namespace HomeFilter.Rules.Policy.Document;

/// <summary>The JSON shape of <see cref="BranchDefinition"/>, made of the shapes the document already uses for groups, devices and local records.</summary>
internal static class PolicyBranchShape
{
    public static JsonShape Branches(JsonShape group, JsonShape device, JsonShape local) =>
        JsonShape.Array(JsonShape.Object(new(StringComparer.Ordinal)
        {
            ["id"] = JsonShape.String(),
            ["groups"] = JsonShape.Array(group),
            ["devices"] = JsonShape.Array(device),
            ["localRecords"] = JsonShape.Array(local),
            ["allow"] = JsonShape.Array(JsonShape.String()),
        }));
}
