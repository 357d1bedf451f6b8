namespace HomeFilter.Rules.Tests;

public class SmokeTests
{
    [Fact]
    public void Builds() => Assert.True(true);
}
