using HomeFilter.Admin.Devices;

namespace HomeFilter.Admin.Tests.Devices;

public sealed class DhcpLeasesTests
{
    public static TheoryData<string, string, DhcpLease[]> Files => new()
    {
        {
            "dnsmasq",
            "1733260000 02:00:5e:10:00:01 192.168.1.20 emma-phone 01:02:00:5e:10:00:01\n1733260000 02:00:5E:10:00:02 192.168.1.21 * *\n",
            [new("192.168.1.20", "02:00:5e:10:00:01", "emma-phone"), new("192.168.1.21", "02:00:5e:10:00:02", null)]
        },
        {
            "dnsmasq with IPv6 leases (an IAID where the MAC would be)",
            "1733260000 02:00:5e:10:00:01 192.168.1.20 emma-phone *\nduid 00:01:00:01:2c:4b:11:22:02:00:5e:10:00:09\n1733260000 1234567 fd00::20 emma-phone 00:01:00:01\n",
            [new("192.168.1.20", "02:00:5e:10:00:01", "emma-phone"), new("fd00::20", null, "emma-phone")]
        },
        {
            "dnsmasq, damaged lines skipped",
            "garbage\n\n1733260000 02:00:5e:10:00:01 not-an-ip x *\nsoon 02:00:5e:10:00:01 192.168.1.20 x *\n1733260000 02:00:5e:10:00:03 192.168.1.23\n",
            [new("192.168.1.23", "02:00:5e:10:00:03", null)]
        },
        {
            "ISC dhcpd, the last lease for an address wins",
            """
            # The format of this file is documented in the dhcpd.leases(5) manual page.
            lease 192.168.1.20 {
              starts 4 2026/12/03 10:00:00;
              hardware ethernet 02:00:5e:10:00:01;
              client-hostname "old-name";
            }
            lease 192.168.1.21 {
              hardware ethernet 02:00:5e:10:00:02;
            }
            lease 192.168.1.20 {
              hardware ethernet 02:00:5e:10:00:01;
              client-hostname "emma-phone";
            }
            """,
            [new("192.168.1.20", "02:00:5e:10:00:01", "emma-phone"), new("192.168.1.21", "02:00:5e:10:00:02", null)]
        },
        { "empty", "", [] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Leases_are_read_from_dnsmasq_and_ISC_files(string what, string text, DhcpLease[] expected)
    {
        _ = what;
        Assert.Equal(expected, DhcpLeases.Parse(text));
    }

    [Fact]
    public void A_missing_file_has_no_leases() =>
        Assert.Empty(DhcpLeases.Read(Path.Combine(Path.GetTempPath(), "homefilter-no-such-leases-file")));
}
