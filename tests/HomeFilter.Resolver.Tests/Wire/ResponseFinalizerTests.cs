using System.Buffers.Binary;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;
using static HomeFilter.Resolver.Tests.Wire.WireFixtures;

namespace HomeFilter.Resolver.Tests.Wire;

public class ResponseFinalizerTests
{
    private static readonly byte[] ExtendedError = PacketBuilder.Option(15, 0, 17, (byte)'b', (byte)'l', (byte)'o', (byte)'c', (byte)'k');

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, true, true)]
    public void Header_question_and_edns_are_the_clients(bool edns, bool dnssecOk, bool checkingDisabled)
    {
        var client = Query("WwW.ExAmple.CoM", RecordType.A, edns, 4096, dnssecOk, checkingDisabled, id: 0x0A0B);
        var upstream = Response("www.example.com", RecordType.A);
        upstream.IsAuthenticData = true;
        upstream.AnswerRecords.Add(A("www.example.com", 300, "192.0.2.1"));
        upstream.IsEDnsEnabled = true;
        upstream.EDnsOptions = new OptRecord(4096, [new CookieOption(new byte[8], new byte[16]), new NsIdOption([1, 2, 3]), new UnknownOption((EDnsOptionType)65001, [9])]);
        upstream.IsDnsSecOk = true;

        var response = FinalizeFor(Encode(upstream, setZ: true), client, MaxSize(client, tcp: false));
        var parsed = DnsWireCodec.Decode(response);

        Assert.Equal(0x0A0B, parsed.TransactionID);
        Assert.False(parsed.IsQuery);
        Assert.Equal(OperationCode.Query, parsed.OperationCode);
        Assert.False(parsed.IsAuthoritiveAnswer);
        Assert.False(parsed.IsTruncated);
        Assert.True(parsed.IsRecursionDesired);
        Assert.True(parsed.IsRecursionAllowed);
        Assert.True(parsed.IsAuthenticData);
        Assert.Equal(checkingDisabled, parsed.IsCheckingDisabled);
        Assert.Equal(0, response[3] & 0x40);
        Assert.Equal(ReturnCode.NoError, parsed.ReturnCode);
        var question = Assert.Single(parsed.Questions);
        Assert.Equal("WwW.ExAmple.CoM.", question.Name.ToString());
        Assert.Equal("192.0.2.1", Assert.IsType<ARecord>(Assert.Single(parsed.AnswerRecords)).Address.ToString());
        Assert.Equal(edns, parsed.IsEDnsEnabled);
        if (edns)
        {
            var opt = parsed.EDnsOptions!;
            Assert.Equal(1232, opt.UdpPayloadSize);
            Assert.Equal(0, opt.Version);
            Assert.Equal(dnssecOk, opt.IsDnsSecOk);
            Assert.Empty(opt.Options);
            Assert.Single(parsed.AdditionalRecords);
        }
        else
        {
            Assert.Empty(parsed.AdditionalRecords);
        }
    }

    [Fact]
    public void Client_without_rd_gets_rd_clear()
    {
        var client = Query("example.com", recursionDesired: false);
        var upstream = Response("example.com", RecordType.A);
        upstream.AnswerRecords.Add(A("example.com", 60, "192.0.2.7"));

        var parsed = DnsWireCodec.Decode(FinalizeFor(Encode(upstream), client, 512));

        Assert.False(parsed.IsRecursionDesired);
        Assert.True(parsed.IsRecursionAllowed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aa_is_kept_only_for_authoritative_answers(bool authoritative)
    {
        var client = Query("example.com");
        var upstream = Response("example.com", RecordType.A);
        upstream.AnswerRecords.Add(A("example.com", 60, "192.0.2.7"));

        var parsed = DnsWireCodec.Decode(FinalizeFor(Encode(upstream), client, 512, authoritative));

        Assert.Equal(authoritative, parsed.IsAuthoritiveAnswer);
    }

    [Fact]
    public void Only_extended_dns_errors_survive_and_other_edns_flags_are_cleared()
    {
        var client = Query("ads.example.com", RecordType.A, edns: true, dnssecOk: false);
        var upstream = Response("ads.example.com", RecordType.A);
        var edeData = ExtendedError.AsSpan(4).ToArray();
        upstream.IsEDnsEnabled = true;
        upstream.EDnsOptions = new OptRecord(1400, [new NsIdOption([7]), new UnknownOption((EDnsOptionType)15, edeData), new UnknownOption(EDnsOptionType.Padding, new byte[20])]);
        var bytes = Encode(upstream);
        bytes[bytes.Length - (11 + 5 + 24 + 4 + edeData.Length) + 7] = 0xFF; // every EDNS flag bit of the upstream's OPT, DO included
        Assert.True(DnsWireCodec.Decode(bytes).EDnsOptions!.IsDnsSecOk);

        var response = FinalizeFor(bytes, client, 1232);
        var parsed = DnsWireCodec.Decode(response);

        var option = Assert.IsType<UnknownOption>(Assert.Single(parsed.EDnsOptions!.Options));
        Assert.Equal(15, (int)option.Type);
        Assert.Equal(edeData, option.Data);
        var optStart = response.Length - 11 - ExtendedError.Length;
        Assert.Equal(41, BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(optStart + 1)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(response.AsSpan(optStart + 5)));
    }

    [Theory]
    [InlineData(true, ReturnCode.BadCookie)]
    [InlineData(false, ReturnCode.ServerFailure)]
    public void Extended_rcode_is_kept_with_edns_and_becomes_servfail_without(bool edns, ReturnCode expected)
    {
        var client = Query("example.com", RecordType.A, edns);
        var upstream = new PacketBuilder().Header(0x9999, 0x8180 | 7, 1, 0, 0, 1).Question().Opt(extendedRcode: 1).ToArray();
        Assert.Equal(ReturnCode.BadCookie, DnsWireCodec.Decode(upstream).ReturnCode);

        var parsed = DnsWireCodec.Decode(FinalizeFor(upstream, client, MaxSize(client, false)));

        Assert.Equal(expected, parsed.ReturnCode);
    }

    [Fact]
    public void Nxdomain_with_soa_passes_through()
    {
        var client = Query("nope.example.com", RecordType.A, edns: true);
        var upstream = Response("nope.example.com", RecordType.A, ReturnCode.NxDomain);
        upstream.AuthorityRecords.Add(Soa("example.com", 3600, 300));

        var parsed = DnsWireCodec.Decode(FinalizeFor(Encode(upstream), client, 1232));

        Assert.Equal(ReturnCode.NxDomain, parsed.ReturnCode);
        var soa = Assert.IsType<SoaRecord>(Assert.Single(parsed.AuthorityRecords));
        Assert.Equal(300, soa.NegativeCachingTTL);
        Assert.Equal("ns1.example.com.", soa.MasterName.ToString());
    }

    [Fact]
    public void Dnssec_records_pass_through_untouched()
    {
        var client = Query("www.example.com", RecordType.A, edns: true, dnssecOk: true);
        var upstream = Response("www.example.com", RecordType.A);
        upstream.IsEDnsEnabled = true;
        upstream.IsDnsSecOk = true;
        upstream.AnswerRecords.Add(A("www.example.com", 300, "192.0.2.1"));
        upstream.AnswerRecords.Add(RrSig("www.example.com", 300, RecordType.A));
        upstream.AuthorityRecords.Add(new NSecRecord(ARSoft.Tools.Net.DomainName.Parse("www.example.com"), RecordClass.INet, 300, ARSoft.Tools.Net.DomainName.Parse("zzz.example.com"), [RecordType.A, RecordType.RrSig, RecordType.NSec]));
        upstream.AuthorityRecords.Add(RrSig("www.example.com", 300, RecordType.NSec));
        var bytes = Encode(upstream);

        var response = FinalizeFor(bytes, client, 1232);
        var parsed = DnsWireCodec.Decode(response);

        Assert.Equal(2, parsed.AnswerRecords.Count);
        Assert.Equal(2, parsed.AuthorityRecords.Count);
        var signature = Assert.IsType<RrSigRecord>(parsed.AnswerRecords[1]);
        Assert.Equal(12345, signature.KeyTag);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i), signature.Signature);
        Assert.True(parsed.EDnsOptions!.IsDnsSecOk);
        var questionEnd = 12 + client.Parsed.NameLength + 4;
        var optLength = 11;
        Assert.Equal(bytes.AsSpan(questionEnd, bytes.Length - questionEnd - optLength).ToArray(), response.AsSpan(questionEnd, response.Length - questionEnd - optLength).ToArray());
    }

    [Fact]
    public void Compressed_cname_chain_survives_a_question_in_another_case()
    {
        var client = Query("WWW.EXAMPLE.COM", RecordType.A, edns: true);
        var upstream = Response("www.example.com", RecordType.A);
        upstream.AnswerRecords.Add(Cname("www.example.com", 300, "edge.example.com"));
        upstream.AnswerRecords.Add(Cname("edge.example.com", 300, "a.cdn.example.net"));
        upstream.AnswerRecords.Add(A("a.cdn.example.net", 20, "192.0.2.9"));
        upstream.AuthorityRecords.Add(new NsRecord(ARSoft.Tools.Net.DomainName.Parse("example.net"), 3600, ARSoft.Tools.Net.DomainName.Parse("ns1.example.net")));
        upstream.AdditionalRecords.Add(A("ns1.example.net", 3600, "192.0.2.53"));
        var bytes = Encode(upstream);
        Assert.Contains(bytes, b => (b & 0xC0) == 0xC0);

        var parsed = DnsWireCodec.Decode(FinalizeFor(bytes, client, 1232));

        Assert.Equal(3, parsed.AnswerRecords.Count);
        Assert.Equal("edge.example.com.", Assert.IsType<CNameRecord>(parsed.AnswerRecords[0]).CanonicalName.ToString().ToLowerInvariant());
        Assert.Equal("a.cdn.example.net.", Assert.IsType<CNameRecord>(parsed.AnswerRecords[1]).CanonicalName.ToString());
        Assert.Equal("a.cdn.example.net.", parsed.AnswerRecords[2].Name.ToString());
        Assert.Equal("ns1.example.net.", Assert.IsType<NsRecord>(Assert.Single(parsed.AuthorityRecords)).NameServer.ToString());
        Assert.Equal("ns1.example.net.", parsed.AdditionalRecords[0].Name.ToString());
    }

    public static TheoryData<bool, ushort, bool> Clients() => new()
    {
        { false, 0, false },
        { true, 512, false },
        { true, 1232, false },
        { true, 4096, false },
        { false, 0, true },
        { true, 1232, true },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public void Big_answers_are_cut_to_the_clients_size_with_tc(bool edns, ushort udpSize, bool tcp)
    {
        var client = Query("big.example.com", RecordType.Txt, edns, udpSize);
        var bytes = Encode(BigTxt("big.example.com"));
        Assert.True(bytes.Length > 4096);
        var maxSize = MaxSize(client, tcp);

        var response = FinalizeFor(bytes, client, maxSize);
        var parsed = DnsWireCodec.Decode(response);

        Assert.True(response.Length <= maxSize);
        Assert.Equal(!tcp, parsed.IsTruncated);
        Assert.Equal(tcp ? 40 : (maxSize - 12 - 21 - 4 - (edns ? 11 : 0)) / 126, parsed.AnswerRecords.Count);
        Assert.Single(parsed.Questions);
        Assert.Equal(edns, parsed.IsEDnsEnabled);
        for (var i = 0; i < parsed.AnswerRecords.Count; i++)
        {
            Assert.StartsWith($"record {i:D2} ", Assert.IsType<TxtRecord>(parsed.AnswerRecords[i]).TextData);
        }
    }

    [Fact]
    public void Every_size_gives_a_parseable_message_with_consistent_counts()
    {
        var client = Query("Big.Example.com", RecordType.Txt, edns: true, udpSize: 65000);
        var upstream = BigTxt("big.example.com", 12);
        upstream.AuthorityRecords.Add(new NsRecord(ARSoft.Tools.Net.DomainName.Parse("example.com"), 3600, ARSoft.Tools.Net.DomainName.Parse("ns1.example.com")));
        upstream.AuthorityRecords.Add(new NsRecord(ARSoft.Tools.Net.DomainName.Parse("example.com"), 3600, ARSoft.Tools.Net.DomainName.Parse("ns2.example.com")));
        upstream.AdditionalRecords.Add(A("ns1.example.com", 3600, "192.0.2.1"));
        upstream.AdditionalRecords.Add(Aaaa("ns1.example.com", 3600, "2001:db8::1"));
        upstream.AdditionalRecords.Add(A("ns2.example.com", 3600, "192.0.2.2"));
        var bytes = Encode(upstream);

        for (var size = 512; size <= bytes.Length + 64; size += 7)
        {
            var response = FinalizeFor(bytes, client, size);
            var parsed = DnsWireCodec.Decode(response);

            Assert.True(response.Length <= size);
            var answerComplete = parsed.AnswerRecords.Count == 12 && parsed.AuthorityRecords.Count == 2;
            Assert.Equal(!answerComplete, parsed.IsTruncated);
            if (parsed.AuthorityRecords.Count > 0)
            {
                Assert.Equal(12, parsed.AnswerRecords.Count);
                // The suffix is compressed against the question, so it shows the client's letter case.
                Assert.Equal("ns1.example.com.", Assert.IsType<NsRecord>(parsed.AuthorityRecords[0]).NameServer.ToString(), ignoreCase: true);
            }

            // Records are dropped from the end only: a later section is present only when the earlier ones are whole.
            var additional = parsed.AdditionalRecords.Where(r => r is not OptRecord).ToList();
            Assert.InRange(additional.Count, 0, 3);
            Assert.True(additional.Count == 0 || answerComplete);
            Assert.True(parsed.AuthorityRecords.Count == 0 || parsed.AnswerRecords.Count == 12);
            foreach (var record in additional)
            {
                Assert.StartsWith("ns", record.Name.ToString());
            }

            Assert.NotNull(parsed.EDnsOptions);
        }
    }

    [Fact]
    public void Leaving_out_only_additional_records_does_not_set_tc()
    {
        var client = Query("example.com", RecordType.Ns);
        var upstream = Response("example.com", RecordType.Ns);
        for (var i = 0; i < 4; i++)
        {
            upstream.AnswerRecords.Add(new NsRecord(ARSoft.Tools.Net.DomainName.Parse("example.com"), 3600, ARSoft.Tools.Net.DomainName.Parse($"ns{i}.example.com")));
        }

        for (var i = 0; i < 40; i++)
        {
            upstream.AdditionalRecords.Add(Aaaa($"ns{i % 4}.example.com", 3600, $"2001:db8::{i + 1:x}"));
        }

        var parsed = DnsWireCodec.Decode(FinalizeFor(Encode(upstream), client, 512));

        Assert.False(parsed.IsTruncated);
        Assert.Equal(4, parsed.AnswerRecords.Count);
        Assert.InRange(parsed.AdditionalRecords.Count, 1, 39);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Sizes_below_512_are_raised_to_512(int maxSize)
    {
        var client = Query("big.example.com", RecordType.Txt);
        var buffer = new byte[65535];

        var length = ResponseFinalizer.Finalize(Encode(BigTxt("big.example.com")), client.Parsed, client.OriginalName, maxSize, false, buffer);

        Assert.InRange(length, 400, 512);
        Assert.Equal(3, DnsWireCodec.Decode(buffer.AsSpan(0, length)).AnswerRecords.Count);
    }

    [Fact]
    public void A_small_destination_bounds_the_size_too()
    {
        var client = Query("big.example.com", RecordType.Txt, edns: true, udpSize: 4096);
        var buffer = new byte[1000];

        var length = ResponseFinalizer.Finalize(Encode(BigTxt("big.example.com")), client.Parsed, client.OriginalName, 4096, false, buffer);

        var parsed = DnsWireCodec.Decode(buffer.AsSpan(0, length));
        Assert.True(parsed.IsTruncated);
        Assert.True(length <= 1000);
    }

    [Fact]
    public void Records_after_an_opt_in_the_middle_keep_valid_pointers()
    {
        // Additional: OPT first, then "ns1.example.net" written in full, then an AAAA whose owner points at it
        // (a target that moves when the OPT is taken out), then an A whose owner points at the question.
        var packet = new PacketBuilder().Header(0x9999, 0x8180, 1, 0, 0, 4).Question(1, 1, "example", "net");
        packet.Opt(udpSize: 4096, options: PacketBuilder.Option(10, new byte[8]));
        var nsOffset = packet.Length;
        packet.Label("ns1").Pointer(12).RecordBody(1, 1, 60, [192, 0, 2, 1]);
        packet.Pointer(nsOffset).RecordBody(28, 1, 60, new byte[16]);
        packet.Pointer(12).RecordBody(1, 1, 60, [192, 0, 2, 2]);
        var bytes = packet.ToArray();
        Assert.Equal(4, DnsWireCodec.Decode(bytes).AdditionalRecords.Count);

        foreach (var edns in new[] { false, true })
        {
            var client = Query("EXAMPLE.net", RecordType.A, edns);
            var parsed = DnsWireCodec.Decode(FinalizeFor(bytes, client, 1232));

            var records = parsed.AdditionalRecords.Where(r => r is not OptRecord).ToList();
            Assert.Equal(3, records.Count);
            Assert.Equal("ns1.EXAMPLE.net.", records[0].Name.ToString());
            Assert.Equal("ns1.EXAMPLE.net.", records[1].Name.ToString());
            Assert.IsType<AaaaRecord>(records[1]);
            Assert.Equal("EXAMPLE.net.", records[2].Name.ToString());
            Assert.Equal(edns ? 4 : 3, parsed.AdditionalRecords.Count);
        }
    }

    [Fact]
    public void A_record_pointing_into_the_removed_opt_is_left_out_with_those_after_it()
    {
        var packet = new PacketBuilder().Header(0x9999, 0x8180, 1, 1, 0, 3).Question(1, 1, "example", "net");
        packet.Pointer(12).RecordBody(1, 1, 60, [192, 0, 2, 1]);
        var optOffset = packet.Length;
        packet.Opt();
        packet.Pointer(optOffset).RecordBody(1, 1, 60, [192, 0, 2, 2]);
        packet.Pointer(12).RecordBody(1, 1, 60, [192, 0, 2, 3]);
        var client = Query("example.net", RecordType.A, edns: true);

        var parsed = DnsWireCodec.Decode(FinalizeFor(packet.ToArray(), client, 1232));

        Assert.Single(parsed.AnswerRecords);
        Assert.False(parsed.IsTruncated);
        Assert.IsType<OptRecord>(Assert.Single(parsed.AdditionalRecords));
    }

    public static TheoryData<string, byte[]> Unusable() => new()
    {
        { "another name", Encode(Response("other.example.com", RecordType.A)) },
        { "another type", Encode(Response("www.example.com", RecordType.Aaaa)) },
        { "truncated bytes", Encode(BigTxt("www.example.com", 2))[..^3] },
        { "two questions", new PacketBuilder().Header(1, 0x8180, 2, 0, 0, 0).Question(1, 1, "www", "example", "com").Question(1, 1, "www", "example", "com").ToArray() },
        { "no question but records", new PacketBuilder().Header(1, 0x8180, 0, 1, 0, 0).Name("www", "example", "com").RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
        { "OPT in the answer section", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Opt().ToArray() },
        { "compression loop", new PacketBuilder().Header(1, 0x8180, 1, 1, 0, 0).Question(1, 1, "www", "example", "com").Pointer(33).RecordBody(1, 1, 60, [1, 2, 3, 4]).ToArray() },
        { "shorter than a header", new byte[5] },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void Unusable_messages_become_servfail_with_the_clients_question(string description, byte[] message)
    {
        var client = Query("www.Example.com", RecordType.A, edns: true, dnssecOk: true);

        var parsed = DnsWireCodec.Decode(FinalizeFor(message, client, 1232));

        Assert.True(ReturnCode.ServerFailure == parsed.ReturnCode, description);
        Assert.Equal("www.Example.com.", Assert.Single(parsed.Questions).Name.ToString());
        Assert.Empty(parsed.AnswerRecords);
        Assert.True(parsed.EDnsOptions!.IsDnsSecOk);
        Assert.Equal(client.Parsed.Id, parsed.TransactionID);
    }

    [Fact]
    public void An_answer_without_question_or_records_gets_the_clients_question()
    {
        var client = Query("www.example.com", RecordType.A);
        var refused = new PacketBuilder().Header(0x5555, 0x8185, 0, 0, 0, 0).ToArray();

        var parsed = DnsWireCodec.Decode(FinalizeFor(refused, client, 512));

        Assert.Equal(ReturnCode.Refused, parsed.ReturnCode);
        Assert.Single(parsed.Questions);
    }

    [Theory]
    [InlineData(DnsResponseCode.ServerFailure, false)]
    [InlineData(DnsResponseCode.Refused, true)]
    public void Error_responses_finalize_to_themselves(int rcode, bool edns)
    {
        var client = Query("www.example.com", RecordType.A, edns, dnssecOk: edns);
        var error = new byte[ErrorResponseWriter.MaxLength];
        var length = ErrorResponseWriter.Write(client.Packet, client.Parsed, questionValid: true, rcode, error);

        var response = FinalizeFor(error[..length], client, MaxSize(client, false));

        Assert.Equal(error[..length], response);
    }

    [Fact]
    public void Header_only_format_error_stays_header_only()
    {
        var packet = PacketBuilder.Query().Bytes(0x81, 0).ToArray();
        var status = QueryReader.TryRead(packet, new byte[256], out var query);
        var error = new byte[ErrorResponseWriter.MaxLength];
        var length = ErrorResponseWriter.Write(packet, query, status, error);
        var buffer = new byte[512];

        var finalized = ResponseFinalizer.Finalize(error.AsSpan(0, length), query, query.OriginalName(packet), 512, false, buffer);

        Assert.Equal(error[..length], buffer[..finalized]);
        Assert.Equal(ReturnCode.FormatError, DnsWireCodec.Decode(buffer.AsSpan(0, finalized)).ReturnCode);
    }

    [Fact]
    public void Finalizing_with_the_lower_case_name_is_allowed_too()
    {
        var client = Query("WWW.Example.com", RecordType.A);
        var upstream = Response("www.example.com", RecordType.A);
        upstream.AnswerRecords.Add(A("www.example.com", 60, "192.0.2.1"));
        var buffer = new byte[512];

        var length = ResponseFinalizer.Finalize(Encode(upstream), client.Parsed, client.LowerName, 512, false, buffer);

        Assert.Equal("www.example.com.", Assert.Single(DnsWireCodec.Decode(buffer.AsSpan(0, length)).Questions).Name.ToString());
    }

    [Fact]
    public void Random_corruption_never_throws_and_never_exceeds_the_size()
    {
        var client = Query("www.example.com", RecordType.A, edns: true);
        var upstream = Response("www.example.com", RecordType.A);
        upstream.AnswerRecords.Add(Cname("www.example.com", 300, "edge.example.net"));
        upstream.AnswerRecords.Add(A("edge.example.net", 300, "192.0.2.1"));
        upstream.AuthorityRecords.Add(Soa("example.net", 300, 60));
        upstream.IsEDnsEnabled = true;
        upstream.EDnsOptions = new OptRecord(4096, [new UnknownOption((EDnsOptionType)15, [0, 1])]);
        var original = Encode(upstream);
        var random = new Random(20240601);
        var buffer = new byte[1232];

        for (var i = 0; i < 20000; i++)
        {
            var corrupted = (byte[])original.Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                corrupted[random.Next(12, corrupted.Length)] = (byte)random.Next(256);
            }

            var length = ResponseFinalizer.Finalize(corrupted.AsSpan(0, random.Next(12, corrupted.Length + 1)), client.Parsed, client.OriginalName, 1232, false, buffer);

            Assert.InRange(length, 12, 1232);
        }
    }

    // Found by fuzz/run.sh response: an additional record after the OPT whose owner points before the OPT, at a name
    // (the answer's RDATA read as a label) whose root is the OPT's own owner byte. The pointer was kept as it was, the
    // OPT removed, and the client got a name running on into whatever followed.
    [Fact]
    public void A_record_whose_name_runs_into_the_removed_opt_is_left_out()
    {
        byte[] message =
        [
            0x00, 0x06, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
            0x03, .. "www"u8, 0x07, .. "example"u8, 0x03, .. "com"u8, 0x00, 0x00, 0x01, 0x00, 0x01,
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04,
            0x00, 0x00, 0x29, 0x04, 0xD0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x00, 0x0A, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
            0xC0, 0x2C, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        var client = Query("www.example.com", edns: true, udpSize: 640);

        var response = FinalizeFor(message, client, MaxSize(client, tcp: false));

        Assert.True(ResponseScanner.TryScan(response, client.LowerName, client.Parsed.QType, client.Parsed.QClass, new ushort[8], out var scan));
        Assert.Equal(1, scan.AnswerCount);
        Assert.Equal(1, scan.AdditionalCount);
        Assert.True(scan.HasOpt);
    }
}
