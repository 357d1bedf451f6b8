using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance;

/// <summary>
/// genreport's judgement of one response in recursive mode, rule by rule and in its order, so the
/// tag list reads like genreport's report. Recursive mode changes three rules: AA must be clear
/// (a forwarder's answers are never authoritative), RD must be copied back, and a set RD is never a fault.
/// </summary>
internal static class ResponseJudge
{
    private const int DefaultUdpSize = 512;

    public static Verdict Judge(ComplianceCheck check, CheckTarget target, DnsMessage message, bool requireRecursionAvailable)
    {
        var tags = new List<string>();
        var failures = new List<Failure>();
        void Fail(string tag, string why)
        {
            tags.Add(tag);
            failures.Add(new Failure(tag, why));
        }

        var opcodeTest = check.Opcode != 0;
        if (opcodeTest)
        {
            if (message.QuestionCount != 0)
            {
                Fail("non-empty-question-section", "the answer to an unknown opcode carries a question section");
            }

            if (message.AnswerCount != 0)
            {
                Fail("non-empty-answer-section", "the answer to an unknown opcode carries answer records");
            }

            if (message.AuthorityCount != 0)
            {
                Fail("non-empty-authority-section", "the answer to an unknown opcode carries authority records");
            }

            if (message.AdditionalCount != 0)
            {
                Fail("non-empty-additional-section", "the answer to an unknown opcode carries additional records");
            }
        }

        if (message.IsMalformed)
        {
            Fail("malformed", $"malformed response: {message.MalformedReason}");
            return new Verdict(tags, failures, false);
        }

        // genreport does not look inside the sections of an unknown-opcode answer, only at their counts.
        var opt = opcodeTest && message.AdditionalCount != 0 ? null : message.Opt;
        var seenOpt = opt is not null;
        var rcode = message.HeaderRcode | ((opt?.ExtendedRcode ?? 0) << 4);
        var responseVersion = opt?.Version ?? 0;
        var responseFlags = opt?.Flags ?? 0;
        var seenAnswer = false;
        var seenRrsig = false;
        if (!opcodeTest)
        {
            foreach (var record in message.Answers)
            {
                seenAnswer |= target.IsAnswer(record);
                seenRrsig |= record.Type == DnsCodes.TypeRrsig;
            }
        }

        var options = OptionFacts.From(opt);
        var badCookie = options.SeenCookie && !options.GoodCookie && check.SendsCookie;
        var version = check.EdnsVersion;

        if (message.Opcode != check.Opcode)
        {
            Fail(DnsCodes.OpcodeText(message.Opcode), $"response opcode {message.Opcode} differs from the query's {check.Opcode}");
        }

        if (version == 0)
        {
            var cookieExcuse = check.SendsCookie && rcode == DnsCodes.BadCookie && options.SeenCookie;
            if (!opcodeTest && rcode != DnsCodes.NoError && !cookieExcuse)
            {
                Fail(DnsCodes.RcodeText(rcode), $"RCODE {DnsCodes.RcodeText(rcode).ToUpperInvariant()} where NOERROR was expected");
            }

            if (opcodeTest && rcode != DnsCodes.NotImp)
            {
                Fail(DnsCodes.RcodeText(rcode), $"RCODE {DnsCodes.RcodeText(rcode).ToUpperInvariant()} where NOTIMP was expected for an unknown opcode");
            }
        }
        else if (rcode != DnsCodes.BadVers)
        {
            Fail(DnsCodes.RcodeText(rcode), $"RCODE {DnsCodes.RcodeText(rcode).ToUpperInvariant()} where BADVERS was expected for EDNS version {version}");
        }

        if (seenOpt && responseVersion != 0)
        {
            Fail("version-not-zero", $"the response's OPT record has EDNS version {responseVersion}, not 0");
        }

        if (seenOpt && ((responseVersion < version && rcode != DnsCodes.BadVers) || (responseVersion >= version && rcode == DnsCodes.BadVers)))
        {
            Fail("badversion", $"BADVERS and the response's EDNS version {responseVersion} contradict each other");
        }

        if (!seenOpt && check.Edns is not null)
        {
            Fail("noopt", "no OPT record in the response to an EDNS query");
        }

        if (seenOpt && check.Edns is null)
        {
            Fail("opt", "an OPT record in the response to a query without EDNS");
        }

        // genreport's SOA rules; in the A flavour the A record takes the SOA's place.
        var asksForAnswer = check.QueryType == ComplianceCatalog.TypeSoa;
        var (missingTag, unexpectedTag) = target.AnswerTags;
        var answerName = target.AnswerType == ComplianceCatalog.TypeSoa ? "SOA" : "A";
        if (asksForAnswer && version == 0 && !check.IgnoreTruncation && !seenAnswer && rcode == DnsCodes.NoError)
        {
            Fail(missingTag, $"NOERROR without the {answerName} of {target.Name}. in the answer section");
        }

        if (asksForAnswer && seenAnswer && (version != 0 || rcode != DnsCodes.NoError))
        {
            Fail(unexpectedTag, $"an {answerName} answer came with an error RCODE or for an EDNS version the server does not speak");
        }

        if (options.SeenEcho)
        {
            Fail("echoed", "the unknown EDNS option 100 was echoed back");
        }

        var responseDo = (responseFlags & EdnsQuery.DoFlag) != 0;
        if (seenOpt && check.SendsDo && !responseDo && seenRrsig)
        {
            Fail("nodo", "RRSIGs returned but the DO bit is not set in the response's OPT record");
        }

        if (seenOpt && check.SendsDo && check.HasFlag(QueryHeaderFlags.Cd) && responseDo && !message.Cd && seenRrsig)
        {
            Fail("nocd", "RRSIGs returned to a DO+CD query but CD is not copied back");
        }

        if (message.Aa)
        {
            Fail("aa", opcodeTest ? "AA set in the answer to an unknown opcode" : "AA set: a forwarder's answers are never authoritative");
        }

        if (message.Ra && opcodeTest)
        {
            Fail("ra", "RA set in the answer to an unknown opcode");
        }

        if (requireRecursionAvailable && !message.Ra && !opcodeTest)
        {
            Fail("nora", "RA clear: a recursive server must say recursion is available");
        }

        if (!message.Rd && !opcodeTest)
        {
            Fail("nord", "RD not copied back from the query");
        }

        if (message.Ad && (opcodeTest || (!check.HasFlag(QueryHeaderFlags.Ad) && !check.SendsDo)))
        {
            Fail("ad", "AD set though the query asked for neither AD nor DO");
        }

        if (message.Cd && (opcodeTest || !check.HasFlag(QueryHeaderFlags.Cd)))
        {
            Fail("cd", "CD set though the query did not set it");
        }

        if (message.Z)
        {
            Fail("z", "the reserved Z header bit is set in the response");
        }

        if ((responseFlags & 0x7FFF) != 0)
        {
            Fail("mbz", $"undefined EDNS flag bits 0x{responseFlags & 0x7FFF:x4} set in the response");
        }

        var advertised = check.Edns?.UdpSize ?? DefaultUdpSize;
        if (check.IgnoreTruncation && message.Length > advertised)
        {
            Fail("toobig", $"a {message.Length}-byte UDP response to a query that allows {advertised} bytes");
        }

        if (failures.Count == 0 && !badCookie)
        {
            tags.Add("ok");
        }

        if (options.SeenNsid)
        {
            tags.Add("nsid");
        }

        if (options.SeenExpire)
        {
            tags.Add("expire");
        }

        if (options.SeenCookie)
        {
            var suffix = check.SendsCookie && rcode == DnsCodes.BadCookie ? "+badcookie" : "";
            if (badCookie)
            {
                Fail("cookie-mismatch" + suffix, "the server cookie does not start with the client cookie that was sent");
            }
            else
            {
                tags.Add("cookie" + suffix);
            }
        }

        if (options.SeenSubnet)
        {
            tags.Add("subnet");
        }

        return new Verdict(tags, failures, seenRrsig);
    }

    /// <summary>What the response's OPT record carried.</summary>
    private readonly record struct OptionFacts(bool SeenNsid, bool SeenSubnet, bool SeenExpire, bool SeenCookie, bool GoodCookie, bool SeenEcho)
    {
        public static OptionFacts From(OptInfo? opt)
        {
            var facts = new OptionFacts();
            if (opt is null)
            {
                return facts;
            }

            foreach (var option in opt.Options)
            {
                switch (option.Code)
                {
                    case ComplianceCatalog.OptionNsid when option.Data.Length > 0:
                        facts = facts with { SeenNsid = true };
                        break;
                    case ComplianceCatalog.OptionClientSubnet:
                        facts = facts with { SeenSubnet = true };
                        break;
                    case ComplianceCatalog.OptionExpire when option.Data.Length == 4:
                        facts = facts with { SeenExpire = true };
                        break;
                    case ComplianceCatalog.OptionCookie when option.Data.Length is >= 16 and <= 40:
                        facts = facts with
                        {
                            SeenCookie = true,
                            GoodCookie = option.Data.AsSpan(0, 8).SequenceEqual(ComplianceCatalog.ClientCookie.Span),
                        };
                        break;
                    case ComplianceCatalog.OptionUnknown100:
                        facts = facts with { SeenEcho = true };
                        break;
                }
            }

            return facts;
        }
    }
}
