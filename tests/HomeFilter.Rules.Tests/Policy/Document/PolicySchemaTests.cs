using System.Reflection;
using System.Text.Json;
using HomeFilter.Rules.Policy.Document;
using Json.Schema;

namespace HomeFilter.Rules.Tests.Policy.Document;

/// <summary>
/// docs/policy.schema.json agrees with the reader: the valid documents pass it, documents the schema can judge
/// as invalid fail it, and it lists exactly the model's properties (found by reflection) so the two cannot drift.
/// </summary>
public class PolicySchemaTests
{
    private static readonly Lazy<JsonDocument> SchemaText = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(PolicyTestDocuments.RepositoryRoot(), "docs", "policy.schema.json"))));

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText.Value.RootElement.GetRawText()));

    private static readonly JsonDocumentOptions InstanceOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Model type → the schema object describing it (a JSON pointer into the schema).</summary>
    public static TheoryData<Type, string> ModelTypes => new()
    {
        { typeof(PolicyDocument), "" },
        { typeof(CategoryDefinition), "/$defs/category" },
        { typeof(CategoryDefinition), "/$defs/bypassCategory" },
        { typeof(GroupRules), "/$defs/groupRules" },
        { typeof(GroupDefinition), "/$defs/group" },
        { typeof(ScheduleDefinition), "/$defs/schedule" },
        { typeof(LocalRecordDefinition), "/$defs/localRecord" },
        { typeof(ForwardZoneDefinition), "/$defs/forwardZone" },
        { typeof(GroupAlertSettings), "/$defs/alerts" },
        { typeof(NightActivitySettings), "/$defs/alerts/properties/nightActivity" },
        { typeof(SilenceSettings), "/$defs/alerts/properties/silence" },
        { typeof(GroupRateLimit), "/$defs/rateLimit" },
        { typeof(DeviceDefinition), "/$defs/device" },
        { typeof(OverrideDefinition), "/$defs/override" },
        { typeof(BranchDefinition), "/$defs/branch" },
    };

    public static TheoryData<string> SchemaInvalidDocuments => new()
    {
        "{'colour':1}",
        "{'TimeZone':'UTC'}",
        "{'allow':'x.example'}",
        "{'default':null}",
        "{'default':{'name':'x'}}",
        "{'default':{'block':['*']}}",
        "{'default':{'log':'some'}}",
        "{'default':{'alerts':{'silence':{'minutes':4}}}}",
        "{'default':{'rateLimit':{'queriesPerSecond':-1}}}",
        "{'default':{'rateLimit':{'burst':0}}}",
        "{'default':{'rateLimit':{'perSecond':10}}}",
        "{'groups':[{'name':'k','rateLimit':{'enabled':'no'}}]}",
        "{'default':{'alerts':{'nightActivity':{'from':'25:00'}}}}",
        "{'default':{'schedules':[{'from':'24:00','to':'07:00','block':['a']}]}}",
        "{'default':{'schedules':[{'days':['funday'],'from':'21:00','to':'07:00','block':['a']}]}}",
        "{'default':{'schedules':[{'from':'21:00','to':'07:00','block':[]}]}}",
        "{'default':{'schedules':[{'from':'21:00','to':'07:00','block':['a','*']}]}}",
        "{'categories':{'Bad Name':{'sources':['a.txt']}}}",
        "{'categories':{'adult':{'sources':[]}}}",
        "{'groups':[{'name':'','clients':['10.0.0.1']}]}",
        "{'groups':[{'name':'default','clients':['10.0.0.1']}]}",
        "{'groups':[{'name':'k','clients':['10.0.0.1'],'safeSearch':'yes'}]}",
        "{'blockMode':'sinkhole'}",
        "{'local':[{'name':'p.home'}]}",
        "{'local':[{'name':'p.home','cname':'q.home','a':['10.0.0.1']}]}",
        "{'local':[{'name':'p.home','a':['10.0.0.1'],'ttl':86401}]}",
        "{'forward':[{'domain':'home.arpa','servers':[]}]}",
        "{'forward':[{'domain':'home.arpa','servers':['router.home']}]}",
    };

    [Theory]
    [MemberData(nameof(PolicyValidationTests.ValidDocuments), MemberType = typeof(PolicyValidationTests))]
    public void Documents_the_reader_accepts_pass_the_schema(string document)
    {
        var json = PolicyTestDocuments.Json(document);
        Assert.True(PolicyDocumentReader.Read(json).IsValid);

        Assert.True(Evaluate(json), "schema rejects: " + json);
    }

    [Fact]
    public void Written_documents_pass_the_schema()
    {
        Assert.True(Evaluate(PolicyDocumentWriter.Write(PolicyDocumentReader.Read(PolicyTestDocuments.Full).Document!)));
        Assert.True(Evaluate(PolicyDocumentWriter.Write(PolicyDocuments.Default)));
    }

    [Theory]
    [MemberData(nameof(SchemaInvalidDocuments))]
    public void Documents_the_schema_can_judge_fail_it_and_the_reader(string document)
    {
        var json = PolicyTestDocuments.Json(document);

        Assert.False(Evaluate(json), "schema accepts: " + json);
        Assert.False(PolicyDocumentReader.Read(json).IsValid);
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void The_schema_lists_exactly_the_model_properties(Type type, string pointer)
    {
        var schemaObject = Resolve(SchemaText.Value.RootElement, pointer);

        Assert.Equal(JsonNames(type), schemaObject.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(schemaObject.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void The_reader_shape_lists_exactly_the_model_properties(Type type, string pointer)
    {
        _ = pointer;
        var shape = ShapeOf(type);

        Assert.Equal(JsonNames(type), shape.Properties!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_model_type_is_covered()
    {
        var covered = ModelTypes.Select(row => (Type)row.Data.Item1).ToHashSet();
        var modelTypes = typeof(PolicyDocument).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.IsClass && t.Namespace == typeof(PolicyDocument).Namespace && t.GetConstructor(Type.EmptyTypes) is not null && !t.IsAbstract)
            .Where(t => t.Name.EndsWith("Definition", StringComparison.Ordinal) || t.Name.EndsWith("Settings", StringComparison.Ordinal) || t == typeof(PolicyDocument) || t == typeof(GroupRules));

        Assert.All(modelTypes, t => Assert.Contains(t, covered));
    }

    private static bool Evaluate(string json)
    {
        using var instance = JsonDocument.Parse(json, InstanceOptions);
        return Schema.Value.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    private static string[] JsonNames(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static JsonElement Resolve(JsonElement root, string pointer)
    {
        var element = root;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            element = element.GetProperty(part);
        }

        return element;
    }

    private static JsonShape ShapeOf(Type type)
    {
        var root = PolicyDocumentShape.Root;
        var group = root.Properties!["groups"].Items!;
        var alerts = group.Properties!["alerts"];
        return type.Name switch
        {
            nameof(PolicyDocument) => root,
            nameof(CategoryDefinition) => root.Properties!["categories"].Items!,
            nameof(GroupRules) => root.Properties!["default"],
            nameof(GroupDefinition) => group,
            nameof(ScheduleDefinition) => group.Properties!["schedules"].Items!,
            nameof(LocalRecordDefinition) => root.Properties!["local"].Items!,
            nameof(ForwardZoneDefinition) => root.Properties!["forward"].Items!,
            nameof(DeviceDefinition) => root.Properties!["devices"].Items!,
            nameof(OverrideDefinition) => root.Properties!["overrides"].Items!,
            nameof(BranchDefinition) => root.Properties!["branches"].Items!,
            nameof(GroupAlertSettings) => alerts,
            nameof(NightActivitySettings) => alerts.Properties!["nightActivity"],
            nameof(SilenceSettings) => alerts.Properties!["silence"],
            nameof(GroupRateLimit) => group.Properties!["rateLimit"],
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }
}
