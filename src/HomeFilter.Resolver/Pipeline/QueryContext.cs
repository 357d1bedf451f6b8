using System.Diagnostics;
using System.Net;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Queries;
using HomeFilter.Rules.Policy.Identity;

namespace HomeFilter.Resolver.Pipeline;

/// <summary>
/// Everything one query carries through the pipeline. Instances are owned and reused by a transport
/// worker (one at a time), so the hot path allocates nothing per query.
/// </summary>
public sealed class QueryContext
{
    /// <summary>Largest DNS message (TCP length prefix is 16 bits).</summary>
    public const int MaxMessageSize = 65535;

    private readonly byte[] _name = new byte[256];
    private readonly byte[] _response;
    private readonly byte[] _clientAddressBytes = new byte[16];
    private int _clientAddressLength;
    private readonly byte[] _identityAddressBytes = new byte[16];
    private int _identityAddressLength;
    private ulong _clientMac;
    private ClientIdentity _identity = ClientIdentity.None;
    private IPAddress? _clientAddress;
    private byte[]? _lookupName;
    private RuleSnapshot? _snapshot;
    private GroupPolicy? _group;

    public QueryContext()
        : this(new byte[MaxMessageSize])
    {
    }

    /// <param name="responseBuffer">At least <see cref="MaxMessageSize"/> bytes: upstream answers are received straight into it.</param>
    public QueryContext(byte[] responseBuffer)
    {
        ArgumentNullException.ThrowIfNull(responseBuffer);
        ArgumentOutOfRangeException.ThrowIfLessThan(responseBuffer.Length, MaxMessageSize, nameof(responseBuffer));
        _response = responseBuffer;
    }

    /// <summary>The client's query bytes as received.</summary>
    public ReadOnlyMemory<byte> Query { get; set; }

    /// <summary>Header, question and EDNS facts of <see cref="Query"/>.</summary>
    public ParsedQuery Parsed;

    /// <summary>Lower-cased wire-format question name; fill through <see cref="NameBuffer"/>.</summary>
    public ReadOnlySpan<byte> Name => _name.AsSpan(0, Parsed.NameLength);

    /// <summary>Backing store for <see cref="Name"/> (256 bytes: a name never exceeds 255).</summary>
    public Span<byte> NameBuffer => _name;

    /// <summary>
    /// The name the stages below the policy (cache, upstream) resolve: <see cref="Name"/>, unless the policy
    /// redirected the query to a safe-search host (<see cref="RedirectTo"/>). The client's question, the log and
    /// error answers keep <see cref="Name"/>.
    /// </summary>
    public ReadOnlySpan<byte> LookupName => _lookupName is null ? Name : _lookupName;

    /// <summary>The cache key of <see cref="LookupName"/> with the question's type, class, DO and CD, written once per query.</summary>
    public CacheLookupKey CacheKey { get; } = new();

    /// <summary>
    /// The client's address. Created on first use only: the transport fills
    /// <see cref="SetClientAddress(ReadOnlySpan{byte})"/> so the hot path never allocates an <see cref="IPAddress"/>.
    /// </summary>
    public IPAddress ClientAddress
    {
        get => _clientAddress ??= _clientAddressLength == 0 ? IPAddress.None : new IPAddress(ClientAddressBytes);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.IsIPv4MappedToIPv6)
            {
                value = value.MapToIPv4();
            }

            _clientAddress = value;
            _clientAddressLength = value.TryWriteBytes(_clientAddressBytes, out var written) ? written : 0;
        }
    }

    /// <summary>The client's address as 4 (IPv4, also for IPv4-mapped IPv6) or 16 bytes.</summary>
    public ReadOnlySpan<byte> ClientAddressBytes => _clientAddressBytes.AsSpan(0, _clientAddressLength);

    /// <summary>Sets the client address from its raw bytes (4 or 16) without allocating.</summary>
    public void SetClientAddress(ReadOnlySpan<byte> address)
    {
        address.CopyTo(_clientAddressBytes);
        _clientAddressLength = address.Length;
        _clientAddress = null;
    }

    public DnsTransportKind Transport { get; set; }

    /// <summary>The largest response this client accepts on this transport (512 without EDNS on UDP).</summary>
    public int MaxResponseSize { get; set; } = 512;

    /// <summary>Buffer a stage writes its answer into (a complete DNS message).</summary>
    public Span<byte> ResponseBuffer => _response;

    /// <summary>Length of the message in <see cref="ResponseBuffer"/>; 0 while nobody has answered.</summary>
    public int ResponseLength { get; set; }

    public ReadOnlySpan<byte> Response => _response.AsSpan(0, ResponseLength);

    public ReadOnlyMemory<byte> ResponseMemory => _response.AsMemory(0, ResponseLength);

    /// <summary>The answer is ours (local data), so AA stays set; forwarded answers get AA cleared.</summary>
    public bool Authoritative { get; set; }

    public QueryOutcome Outcome { get; set; }

    /// <summary>A short, static human reason for the log (never built per query).</summary>
    public string? Reason { get; set; }

    /// <summary>Which upstream answered, if any (its configured text).</summary>
    public string? Upstream { get; set; }

    /// <summary>
    /// <see cref="Stopwatch.GetTimestamp"/> when the query arrived: stamped by the transport right after the
    /// receive returned, or by <see cref="Settle"/> when it did not.
    /// </summary>
    public long StartTimestamp { get; set; }

    /// <summary>
    /// UTC ticks when the query arrived (the time policy schedules are judged at and the log records); settled by
    /// <see cref="Settle"/> from <see cref="StartTimestamp"/> unless set before.
    /// </summary>
    public long ArrivalUtcTicks { get; set; }

    /// <summary>
    /// The client ID an encrypted transport saw (DoH path <c>/dns-query/{id}</c>, DoT/DoQ SNI <c>{id}.host</c>),
    /// lower-case; null on plain UDP/TCP. Set by the transport before <see cref="Settle"/>.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The client's 48-bit MAC address in the low bits (first octet most significant), 0 when unknown: from the
    /// EDNS0 MAC option a forwarding router added, or the kernel's neighbour table. Set before <see cref="Settle"/>.
    /// Setting it directly marks it <see cref="ClientMacSource.Transport"/>.
    /// </summary>
    public ulong ClientMac
    {
        get => _clientMac;
        set => SetClientMac(value, ClientMacSource.Transport);
    }

    /// <summary>Where <see cref="ClientMac"/> came from (<see cref="ClientMacSource.None"/> while it is 0).</summary>
    public ClientMacSource MacSource { get; private set; }

    /// <summary>Sets <see cref="ClientMac"/> and says where it came from.</summary>
    public void SetClientMac(ulong mac, ClientMacSource source)
    {
        _clientMac = mac;
        MacSource = mac == 0 ? ClientMacSource.None : source;
    }

    /// <summary>
    /// The address the client is recognised by (its group, its device): the original client's address a trusted
    /// forwarder gave in ECS, else <see cref="ClientAddressBytes"/>. Groups, devices and per-client
    /// overrides use it; access control and rate limits keep the sender's own address.
    /// </summary>
    public ReadOnlySpan<byte> IdentityAddressBytes => _identityAddressLength == 0 ? ClientAddressBytes : _identityAddressBytes.AsSpan(0, _identityAddressLength);

    /// <summary>The identity address came from a trusted forwarder's ECS option.</summary>
    public bool IdentityAddressFromSubnet => _identityAddressLength != 0;

    /// <summary>Takes the host address of the query's ECS option (a full-length source prefix only) as the identity address.</summary>
    public void SetIdentityAddressFromSubnet() => _identityAddressLength = Parsed.SubnetHostAddress(Query.Span, _identityAddressBytes);

    /// <summary>
    /// Who the client is in <see cref="Snapshot"/>, found once at entry from <see cref="ClientId"/>, <see cref="ClientMac"/>
    /// and <see cref="IdentityAddressBytes"/>: the group (and what chose it) and the named device (and what matched it).
    /// </summary>
    public ClientIdentity Identity => _identity;

    /// <summary>The settled device: its index in the policy document's <c>devices</c>, or -1 when no named device matched.</summary>
    public int DeviceIndex => _identity.Device;

    /// <summary>The settled device's name (the policy's own string, no allocation), or null.</summary>
    public string? DeviceName => _snapshot is { } snapshot ? snapshot.Policy.Devices.NameAt(_identity.Device) : null;

    /// <summary>The client presented a client ID no device or group names (it was recognised as if it had none).</summary>
    public bool UnknownClientId => ClientId is not null && !_identity.ClientIdKnown;

    /// <summary>The rule snapshot this query is decided with, read once at entry (<see cref="Settle"/>).</summary>
    public RuleSnapshot Snapshot => _snapshot ?? throw NotSettled();

    /// <summary>The client's group in <see cref="Snapshot"/>, found once at entry.</summary>
    public GroupPolicy Group => _group ?? throw NotSettled();

    /// <summary>What the policy decided (for the log and explanations).</summary>
    public PolicyDecision Decision { get; set; } = PolicyDecision.Pass;

    /// <summary>Conditional-forwarding servers for this name, when a forward zone covers it.</summary>
    public UpstreamSet? ForwardTo { get; set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks the upstream exchange took (0: none).</summary>
    public long UpstreamElapsedTicks { get; set; }

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Aborted { get; set; }

    /// <summary>The response buffer itself, for an upstream exchange to receive into (no copy on the way back).</summary>
    internal byte[] ResponseArray => _response;

    /// <summary>
    /// Settles the facts every stage reads and none recomputes, once, right after the query parsed: the rule
    /// snapshot, who the client is in it (client ID, then MAC, then exact address, then longest prefix: its group and
    /// its device, <see cref="Identity"/>), the arrival time (stopwatch and UTC, from the transport's stamp) and the
    /// cache key of the question.
    /// </summary>
    public void Settle(RuleSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
        _identity = snapshot.Policy.Identify(ClientId, _clientMac, IdentityAddressBytes);
        _group = snapshot.Policy.GroupOf(_identity);
        var now = Stopwatch.GetTimestamp();
        if (StartTimestamp == 0)
        {
            StartTimestamp = now;
        }

        if (ArrivalUtcTicks == 0)
        {
            // The wall clock when the transport stamped the query, not when it reached us.
            ArrivalUtcTicks = DateTime.UtcNow.Ticks - Stopwatch.GetElapsedTime(StartTimestamp, now).Ticks;
        }

        CacheKey.Set(Name, Parsed.QType, Parsed.QClass, Parsed.DnssecOk, Parsed.CheckingDisabled);
    }

    /// <summary>
    /// Sends the stages below to <paramref name="name"/> (lower-case wire format, kept by the snapshot) instead of the
    /// question's name, with the cache key to match: how a safe-search rewrite resolves its target.
    /// </summary>
    public void RedirectTo(byte[] name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _lookupName = name;
        CacheKey.Set(name, Parsed.QType, Parsed.QClass, Parsed.DnssecOk, Parsed.CheckingDisabled);
    }

    private static InvalidOperationException NotSettled() => new("The query context was not settled (QueryContext.Settle) before the pipeline ran.");

    /// <summary>Copies a complete message into the response buffer and records the outcome.</summary>
    public void SetResponse(ReadOnlySpan<byte> message, QueryOutcome outcome)
    {
        message.CopyTo(_response);
        ResponseLength = message.Length;
        Outcome = outcome;
    }

    /// <summary>Clears per-query state so the instance can serve the next query.</summary>
    public void Reset()
    {
        Query = default;
        Parsed = default;
        _clientAddressLength = 0;
        _clientAddress = null;
        ClientId = null;
        _clientMac = 0;
        MacSource = ClientMacSource.None;
        _identityAddressLength = 0;
        _identity = ClientIdentity.None;
        MaxResponseSize = 512;
        ResponseLength = 0;
        Authoritative = false;
        Outcome = QueryOutcome.None;
        Reason = null;
        Upstream = null;
        StartTimestamp = 0;
        ArrivalUtcTicks = 0;
        _snapshot = null;
        _group = null;
        _lookupName = null;
        CacheKey.Clear();
        Decision = PolicyDecision.Pass;
        ForwardTo = null;
        UpstreamElapsedTicks = 0;
        Aborted = default;
    }
}
