using HomeFilter.Resolver.Reload.Sources;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

public sealed class RefreshScheduleTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Theory]
    [InlineData(0.0, 21.6)]
    [InlineData(0.5, 24.0)]
    [InlineData(0.999999, 26.4)]
    public void A_success_waits_the_period_give_or_take_ten_percent(double random, double hours) =>
        Assert.Equal(hours, RefreshSchedule.AfterSuccess(Day, random).TotalHours, precision: 3);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(11, 1024)]
    [InlineData(12, 1440)]
    [InlineData(1000, 1440)]
    [InlineData(0, 1)]
    public void Failures_back_off_exponentially_up_to_the_period(int failures, double minutes) =>
        Assert.Equal(minutes, RefreshSchedule.AfterFailure(Day, failures).TotalMinutes, precision: 6);

    [Theory]
    [InlineData("ut1-adult", "ut1-adult")]
    [InlineData("hagezi-nsfw", "hagezi-nsfw")]
    [InlineData("a", null)]
    [InlineData("UT1-adult", null)]
    [InlineData("-adult", null)]
    [InlineData("https://dsi.ut-capitole.fr/blacklists/download/adult.tar.gz", null)]
    [InlineData("lists/adult.txt", null)]
    public void A_source_id_is_the_catalog_id_or_a_hash_of_the_source(string source, string? expected)
    {
        var id = ListSourceId.For(source);

        if (expected is not null)
        {
            Assert.Equal(expected, id);
        }
        else
        {
            Assert.Matches("^src-[0-9a-f]{12}$", id);
            Assert.Equal(id, ListSourceId.For(source));
        }
    }
}
