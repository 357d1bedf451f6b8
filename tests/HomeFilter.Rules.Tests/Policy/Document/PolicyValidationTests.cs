using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy.Document;

/// <summary>One invalid document per rule: the exact path of the error and a fragment of its message.</summary>
public class PolicyValidationTests
{
    private const string Kids = "'name':'kids','clients':['10.0.0.1']";

    public static TheoryData<string, string, string> InvalidDocuments => new()
    {
        // JSON shape
        { "{'colour':1}", "$.colour", "unknown property 'colour'" },
        { "{'TimeZone':'UTC'}", "$.TimeZone", "did you mean 'timeZone'" },
        { "{'groups':[{" + Kids + ",'schedule':[]}]}", "$.groups[0].schedule", "unknown property" },
        { "{'default':{'name':'x'}}", "$.default.name", "unknown property 'name'" },
        { "{'categories':{'adult':{'sources':['a.txt'],'url':'x'}}}", "$.categories.adult.url", "unknown property" },
        { "{'allow':'x.example'}", "$.allow", "must be an array, not a string" },
        { "{'allow':[1]}", "$.allow[0]", "must be a string, not a number" },
        { "{'groups':[{" + Kids + ",'safeSearch':'yes'}]}", "$.groups[0].safeSearch", "must be true or false" },
        { "{'local':[{'name':'p.home','a':['10.0.0.1'],'ttl':1.5}]}", "$.local[0].ttl", "whole number" },
        { "{'default':{'alerts':{'silence':{'minutes':'30'}}}}", "$.default.alerts.silence.minutes", "must be a whole number" },
        { "{'default':null}", "$.default", "not null" },
        { "{'groups':[null]}", "$.groups[0]", "must be an object, not null" },
        { "{'allow':[],'allow':[]}", "$.allow", "more than once" },
        { "[]", "$", "must be an object, not an array" },
        { "null", "$", "must be an object, not null" },

        // categories
        { "{'categories':{'Bad Name':{'sources':['a.txt']}}}", "$.categories['Bad Name']", "category name 'Bad Name'" },
        { "{'categories':{'-x':{'sources':['a.txt']}}}", "$.categories['-x']", "category name" },
        { "{'categories':{'a23456789012345678901234567890123':{'sources':['a.txt']}}}", "$.categories.a23456789012345678901234567890123", "1–32" },
        { "{'categories':{'adult':{'sources':[]}}}", "$.categories.adult.sources", "at least one source" },
        { "{'categories':{'adult':{}}}", "$.categories.adult.sources", "at least one source" },
        { "{'categories':{'adult':{'sources':['ftp://x.example/a.txt']}}}", "$.categories.adult.sources[0]", "http:// or https://" },
        { "{'categories':{'adult':{'sources':['  ']}}}", "$.categories.adult.sources[0]", "not empty" },

        // category references and "*"
        { "{'default':{'block':['nope']}}", "$.default.block[0]", "unknown category 'nope'" },
        { "{'groups':[{" + Kids + ",'block':['adult','nope']}]}", "$.groups[0].block[1]", "unknown category 'nope'" },
        { "{'default':{'schedules':[{'from':'21:00','to':'07:00','block':['nope']}]}}", "$.default.schedules[0].block[0]", "unknown category" },
        { "{'default':{'alerts':{'sensitiveCategories':['nope']}}}", "$.default.alerts.sensitiveCategories[0]", "unknown category" },
        { "{'default':{'block':['*']}}", "$.default.block[0]", "only allowed in a schedule's block" },
        { "{'groups':[{" + Kids + ",'block':['*']}]}", "$.groups[0].block[0]", "only allowed in a schedule's block" },
        { "{'default':{'schedules':[{'from':'21:00','to':'07:00','block':['adult','*']}]}}", "$.default.schedules[0].block[1]", "only entry" },

        // domain names
        { "{'allow':['bad..example']}", "$.allow[0]", "not a valid domain name" },
        { "{'deny':['a b.example']}", "$.deny[0]", "not a valid domain name" },
        { "{'deny':['10.0.0.1']}", "$.deny[0]", "an IP address, not a name" },
        { "{'allow':['X.example'],'deny':['y.example','x.example.']}", "$.deny[1]", "in both allow ($.allow[0]) and deny" },
        { "{'local':[{'name':'bad name.home','a':['10.0.0.1']}]}", "$.local[0].name", "not a valid domain name" },
        { "{'forward':[{'domain':'a..b','servers':['10.0.0.1']}]}", "$.forward[0].domain", "not a valid domain name" },

        // time zone and block modes
        { "{'timeZone':'Mars/Olympus_Mons'}", "$.timeZone", "unknown time zone 'Mars/Olympus_Mons'" },
        { "{'timeZone':''}", "$.timeZone", "unknown time zone" },
        { "{'blockMode':'sinkhole'}", "$.blockMode", "invalid block mode" },
        { "{'blockMode':'NXDOMAIN'}", "$.blockMode", "invalid block mode" },
        { "{'default':{'blockMode':'10.0.0.1,10.0.0.2'}}", "$.default.blockMode", "same family" },
        { "{'groups':[{" + Kids + ",'blockMode':'10.0.0.1,::1,::2'}]}", "$.groups[0].blockMode", "more than two" },
        { "{'blockMode':'10.0.0.1,'}", "$.blockMode", "is not an IP address" },

        // groups and clients
        { "{'groups':[{'name':' ','clients':['10.0.0.1']}]}", "$.groups[0].name", "a group needs a name" },
        { "{'groups':[{'clients':['10.0.0.1']}]}", "$.groups[0].name", "a group needs a name" },
        { "{'groups':[{'name':'Default','clients':['10.0.0.1']}]}", "$.groups[0].name", "reserved" },
        { "{'groups':[{'name':'Kids','clients':['10.0.0.1']},{'name':'kids','clients':['10.0.0.2']}]}", "$.groups[1].name", "already used by $.groups[0]" },
        { "{'groups':[{'name':'k','clients':['10.0.0.300']}]}", "$.groups[0].clients[0]", "not an IP address or CIDR prefix" },
        { "{'groups':[{'name':'k','clients':['10.1']}]}", "$.groups[0].clients[0]", "not an IP address or CIDR prefix" },
        { "{'groups':[{'name':'k','clients':['10.0.0.0/33']}]}", "$.groups[0].clients[0]", "not an IP address or CIDR prefix" },
        { "{'groups':[{'name':'k','clients':['fe80::1%eth0']}]}", "$.groups[0].clients[0]", "not an IP address or CIDR prefix" },
        { "{'groups':[{'name':'k','clients':['192.168.1.33/28']}]}", "$.groups[0].clients[0]", "host bits set after /28; the prefix is 192.168.1.32/28" },
        { "{'groups':[{'name':'k','clients':['fd00::1/64']}]}", "$.groups[0].clients[0]", "the prefix is fd00::/64" },
        { "{'groups':[{'name':'a','clients':['10.0.0.1']},{'name':'b','clients':['10.0.0.1/32']}]}", "$.groups[1].clients[0]", "address '10.0.0.1/32' is in both group 'a' ($.groups[0].clients[0]) and group 'b'" },
        { "{'groups':[{'name':'a','clients':['fd00::/64']},{'name':'b','clients':['10.0.0.9','FD00:0::/64']}]}", "$.groups[1].clients[1]", "prefix 'FD00:0::/64' is in both group 'a'" },
        { "{'groups':[{'name':'a','clients':['10.0.0.1','10.0.0.1']}]}", "$.groups[0].clients[1]", "listed twice in group 'a'" },

        // MAC addresses and client IDs in groups
        { "{'groups':[{'name':'a','clients':['02:1a:2b:3c:4d:5e']},{'name':'b','clients':['02-1A-2B-3C-4D-5E']}]}", "$.groups[1].clients[0]", "MAC '02-1A-2B-3C-4D-5E' is in both group 'a' ($.groups[0].clients[0]) and group 'b'" },
        { "{'groups':[{'name':'a','clients':['02:1a:2b:3c:4d:5e','02:1a:2b:3c:4d:5e']}]}", "$.groups[0].clients[1]", "listed twice in group 'a'" },
        { "{'groups':[{'name':'a','clients':['id:emma-phone']},{'name':'b','clients':['id:emma-phone']}]}", "$.groups[1].clients[0]", "client ID 'id:emma-phone' is in both group 'a' ($.groups[0].clients[0]) and group 'b'" },
        { "{'groups':[{'name':'a','clients':['01:00:5e:00:00:fb']}]}", "$.groups[0].clients[0]", "multicast or broadcast" },
        { "{'groups':[{'name':'a','clients':['ff:ff:ff:ff:ff:ff']}]}", "$.groups[0].clients[0]", "multicast or broadcast" },
        { "{'groups':[{'name':'a','clients':['00:00:00:00:00:00']}]}", "$.groups[0].clients[0]", "all zeros" },
        { "{'groups':[{'name':'a','clients':['02:1a:2b-3c:4d:5e']}]}", "$.groups[0].clients[0]", "nor a MAC address" },
        { "{'groups':[{'name':'a','clients':['id:Emma']}]}", "$.groups[0].clients[0]", "is not a client ID" },
        { "{'groups':[{'name':'a','clients':['id:-emma']}]}", "$.groups[0].clients[0]", "is not a client ID" },
        { "{'groups':[{'name':'a','clients':['id:']}]}", "$.groups[0].clients[0]", "is not a client ID" },
        { "{'groups':[{'name':'a','clients':['emma-phone']}]}", "$.groups[0].clients[0]", "id:emma-phone" },

        // devices: MAC addresses and client IDs
        { "{'devices':[{'name':'x'}]}", "$.devices[0].addresses", "at least one address, MAC address or client ID" },
        { "{'devices':[{'name':'x','macs':['02:1a:2b:3c:4d']}]}", "$.devices[0].macs[0]", "not a MAC address" },
        { "{'devices':[{'name':'x','macs':['03:1a:2b:3c:4d:5e']}]}", "$.devices[0].macs[0]", "multicast or broadcast" },
        { "{'devices':[{'name':'x','macs':['00-00-00-00-00-00']}]}", "$.devices[0].macs[0]", "all zeros" },
        { "{'devices':[{'name':'a','macs':['02:1a:2b:3c:4d:5e']},{'name':'b','macs':['02-1a-2b-3c-4d-5e']}]}", "$.devices[1].macs[0]", "MAC 02:1a:2b:3c:4d:5e already belongs to the device at $.devices[0].macs[0]" },
        { "{'devices':[{'name':'a','clientId':'emma'},{'name':'b','clientId':'emma'}]}", "$.devices[1].clientId", "already belongs to the device at $.devices[0].clientId" },
        { "{'devices':[{'name':'a','clientId':'Emma'}]}", "$.devices[0].clientId", "not a client ID" },
        { "{'devices':[{'name':'a','clientId':'emma-'}]}", "$.devices[0].clientId", "not a client ID" },
        { "{'devices':[{'name':'a','clientId':'emma.phone'}]}", "$.devices[0].clientId", "not a client ID" },
        { "{'devices':[{'name':'a','clientId':''}]}", "$.devices[0].clientId", "not a client ID" },
        { "{'devices':[{'name':'a','clientId':'a234567890123456789012345678901234567890123456789012345678901234'}]}", "$.devices[0].clientId", "not a client ID" },
        { "{'devices':[{'name':'a','clientId':5}]}", "$.devices[0].clientId", "must be a string" },

        // schedules
        { "{'default':{'schedules':[{'from':'24:00','to':'07:00','block':['adult']}]}}", "$.default.schedules[0].from", "HH:mm" },
        { "{'default':{'schedules':[{'from':'21:00','to':'7:00','block':['adult']}]}}", "$.default.schedules[0].to", "HH:mm" },
        { "{'default':{'schedules':[{'from':'21:60','to':'07:00','block':['adult']}]}}", "$.default.schedules[0].from", "HH:mm" },
        { "{'default':{'schedules':[{'to':'07:00','block':['adult']}]}}", "$.default.schedules[0].from", "HH:mm" },
        { "{'default':{'schedules':[{'days':['mon','funday'],'from':'21:00','to':'07:00','block':['adult']}]}}", "$.default.schedules[0].days[1]", "'funday' is not a day" },
        { "{'default':{'schedules':[{'days':['Mon','mon'],'from':'21:00','to':'07:00','block':['adult']}]}}", "$.default.schedules[0].days[1]", "listed twice" },
        { "{'groups':[{" + Kids + ",'schedules':[{'from':'21:00','to':'07:00','block':[]}]}]}", "$.groups[0].schedules[0].block", "at least one category" },

        // log
        { "{'default':{'log':'some'}}", "$.default.log", "all, blocked or none" },
        { "{'groups':[{" + Kids + ",'log':'All'}]}", "$.groups[0].log", "all, blocked or none" },

        // local records
        { "{'local':[{'name':'printer.home'}]}", "$.local[0]", "at least one of a, aaaa, cname or txt" },
        { "{'local':[{'a':['10.0.0.1']}]}", "$.local[0].name", "needs a name" },
        { "{'local':[{'name':'nas.home','cname':'printer.home','a':['10.0.0.1']}]}", "$.local[0].cname", "stand alone" },
        { "{'local':[{'name':'nas.home','cname':'printer.home','txt':['x']}]}", "$.local[0].cname", "stand alone" },
        { "{'local':[{'name':'nas.home','cname':'bad..home'}]}", "$.local[0].cname", "not a valid domain name" },
        { "{'local':[{'name':'p.home','a':['fd00::1']}]}", "$.local[0].a[0]", "not an IPv4 address" },
        { "{'local':[{'name':'p.home','aaaa':['10.0.0.1']}]}", "$.local[0].aaaa[0]", "not an IPv6 address" },
        { "{'local':[{'name':'p.home','a':['10.0.0.1'],'ttl':86401}]}", "$.local[0].ttl", "between 0 and 86400" },
        { "{'local':[{'name':'p.home','a':['10.0.0.1'],'ttl':-1}]}", "$.local[0].ttl", "between 0 and 86400" },
        { "{'local':[{'name':'p.home','txt':['" + new string('x', 256) + "']}]}", "$.local[0].txt[0]", "at most 255 bytes" },
        { "{'local':[{'name':'p.home','a':['10.0.0.1']},{'name':'P.home.','a':['10.0.0.2']}]}", "$.local[1].name", "'p.home' is already defined at $.local[0].name" },

        // forward
        { "{'forward':[{'domain':'home.arpa','servers':[]}]}", "$.forward[0].servers", "at least one server" },
        { "{'forward':[{'domain':'home.arpa','servers':['10.0.0.1:99999']}]}", "$.forward[0].servers[0]", "not a server" },
        { "{'forward':[{'domain':'home.arpa','servers':['10.0.0.1:0']}]}", "$.forward[0].servers[0]", "not a server" },
        { "{'forward':[{'domain':'home.arpa','servers':['[fd00::1]']}]}", "$.forward[0].servers[0]", "not a server" },
        { "{'forward':[{'domain':'home.arpa','servers':['router.home']}]}", "$.forward[0].servers[0]", "not a server" },
        { "{'forward':[{'domain':'home.arpa','servers':['10.0.0.1']},{'domain':'HOME.arpa','servers':['10.0.0.2']}]}", "$.forward[1].domain", "already forwarded at $.forward[0].domain" },
        { "{'forward':[{'servers':['10.0.0.1']}]}", "$.forward[0].domain", "not a valid domain name" },

        // alerts
        { "{'default':{'alerts':{'nightActivity':{'from':'25:00'}}}}", "$.default.alerts.nightActivity.from", "HH:mm" },
        { "{'groups':[{" + Kids + ",'alerts':{'nightActivity':{'to':'5'}}}]}", "$.groups[0].alerts.nightActivity.to", "HH:mm" },
        { "{'default':{'alerts':{'silence':{'minutes':4}}}}", "$.default.alerts.silence.minutes", "between 5 and 1440" },
        { "{'default':{'alerts':{'silence':{'minutes':1441}}}}", "$.default.alerts.silence.minutes", "between 5 and 1440" },

        // rate limit
        { "{'default':{'rateLimit':{'queriesPerSecond':-1}}}", "$.default.rateLimit.queriesPerSecond", "between 0 and 1000000" },
        { "{'default':{'rateLimit':{'queriesPerSecond':1000001}}}", "$.default.rateLimit.queriesPerSecond", "between 0 and 1000000" },
        { "{'groups':[{" + Kids + ",'rateLimit':{'burst':0}}]}", "$.groups[0].rateLimit.burst", "between 1 and 10000000" },
        { "{'groups':[{" + Kids + ",'rateLimit':{'networkQueriesPerSecond':-5}}]}", "$.groups[0].rateLimit.networkQueriesPerSecond", "between 0 and 1000000" },
        { "{'groups':[{" + Kids + ",'rateLimit':{'networkBurst':10000001}}]}", "$.groups[0].rateLimit.networkBurst", "between 1 and 10000000" },
        { "{'default':{'rateLimit':{'queriesPerSecond':'fast'}}}", "$.default.rateLimit.queriesPerSecond", "must be a whole number" },
        { "{'default':{'rateLimit':{'enabled':'no'}}}", "$.default.rateLimit.enabled", "" },
        { "{'default':{'rateLimit':{'perSecond':10}}}", "$.default.rateLimit.perSecond", "" },
    };

    public static TheoryData<string> ValidDocuments => new()
    {
        PolicyTestDocuments.Example,
        PolicyTestDocuments.Full,
        "{}",
        "{'timeZone':null,'blockMode':null}",
        "{'timeZone':'UTC'}",
        "{'categories':{'bypass':{}},'default':{'block':['bypass']}}",
        "{'categories':{'a':{'sources':['a.txt']},'0-b_c':{'sources':['b.txt']}},'default':{'block':['a','0-b_c']}}",
        "{'default':{'schedules':[{'from':'00:00','to':'00:00','block':['*']}]}}",
        "{'default':{'schedules':[{'days':['SAT','Sun'],'from':'23:59','to':'00:00','block':['bypass']}]}}",
        "{'blockMode':'null'}",
        "{'blockMode':'refused','default':{'blockMode':'nxdomain'}}",
        "{'blockMode':'10.0.0.1'}",
        "{'blockMode':'::'}",
        "{'blockMode':'10.0.0.1, fd00::1'}",
        "{'allow':['bücher.example','_dmarc.example.org'],'deny':['xn--bcher-kva.example.net']}",
        "{'groups':[{'name':'a','clients':['10.0.0.0/8']},{'name':'b','clients':['10.0.0.0/16','10.0.0.1','0.0.0.0/0','::/0']}]}",
        "{'local':[{'name':'nas.home','cname':'printer.home','a':[],'ttl':0},{'name':'t.home','txt':['v=1'],'ttl':86400}]}",
        "{'forward':[{'domain':'home.arpa','servers':['10.0.0.1:53','[::1]:5353','::1']},{'domain':'168.192.in-addr.arpa','servers':['10.0.0.1']}]}",
        "{'default':{'alerts':{'nightActivity':null,'sensitiveCategories':null,'silence':{'minutes':5}}}}",
        "{'default':{'alerts':{'sensitiveCategories':[],'silence':{'minutes':1440}}}}",
        "{'default':{'rateLimit':null}}",
        "{'default':{'rateLimit':{}}}",
        "{'default':{'rateLimit':{'enabled':false}}}",
        "{'default':{'rateLimit':{'queriesPerSecond':0,'networkQueriesPerSecond':0}}}",
        "{'groups':[{'name':'library','clients':['10.1.0.0/16'],'rateLimit':{'enabled':true,'queriesPerSecond':1000000,'burst':10000000,'networkQueriesPerSecond':5000,'networkBurst':1}}]}",
        "{'groups':[{'name':'kids','clients':['02:1a:2b:3c:4d:5e','02-1A-2B-3C-4D-5F','id:emma-phone','id:0','10.0.0.1']},{'name':'adults','clients':['id:" + new string('a', 63) + "']}]}",
        "{'devices':[{'name':'Emma','macs':['02:1a:2b:3c:4d:5e','02-1a-2b-3c-4d-5f'],'clientId':'emma-phone'},{'name':'Leo','clientId':'leo'},{'name':'TV','addresses':['10.0.0.9'],'macs':[]}]}",
        "{'devices':[{'name':'Emma','addresses':[],'macs':['02:1a:2b:3c:4d:5e'],'clientId':null}],'groups':[{'name':'kids','clients':['02:1a:2b:3c:4d:5e']}]}",
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void An_invalid_document_reports_the_path_and_reason(string document, string path, string fragment)
    {
        var result = PolicyDocumentReader.Read(PolicyTestDocuments.Json(WithAdultCategory(document)));

        Assert.False(result.IsValid);
        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void A_valid_document_is_accepted(string document)
    {
        var result = PolicyDocumentReader.Read(PolicyTestDocuments.Json(document));

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        Assert.NotNull(result.Document);
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(61, false)]
    public void At_most_sixty_categories(int count, bool valid)
    {
        var categories = string.Join(',', Enumerable.Range(0, count).Select(i => $"\"c{i}\":{{\"sources\":[\"c{i}.txt\"]}}"));

        var result = PolicyDocumentReader.Read("{\"categories\":{" + categories + "}}");

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal("$.categories", error.Path);
            Assert.Contains("at most 60", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_document_built_in_code_with_missing_lists_is_checked_without_throwing()
    {
        var document = new PolicyDocument
        {
            Allow = null!,
            Default = null!,
            Groups = [new GroupDefinition { Name = "k", Clients = null!, Schedules = [null!] }],
            Local = [new LocalRecordDefinition { Name = "p.home", A = null! }],
        };

        var errors = PolicyDocumentValidator.Validate(document);

        Assert.Contains(errors, e => e.Path == "$.groups[0].schedules[0].from");
        Assert.Contains(errors, e => e.Path == "$.local[0]");
    }

    // Most cases refer to 'adult'; define it unless the case is about categories or is not an object.
    private static string WithAdultCategory(string document)
    {
        return document.StartsWith("{'", StringComparison.Ordinal) && !document.Contains("'categories'", StringComparison.Ordinal)
            ? "{'categories':{'adult':{'sources':['a.txt']}}," + document[1..]
            : document;
    }
}
