using Moderation.Service.Storage;

namespace Moderation.Service.Tests.Storage;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        Assert.Equal(Database.DefaultMaxAutoPrepare, Database.PostgresSettings("Host=db;Database=moderation").MaxAutoPrepare);
        Assert.Equal(0, Database.PostgresSettings("Host=db;Database=moderation;Max Auto Prepare=0").MaxAutoPrepare);
        Assert.Equal(0, Database.PostgresSettings("Host=db;Database=moderation;MaxAutoPrepare=0").MaxAutoPrepare);
        Assert.Equal(5, Database.PostgresSettings("Host=db;Database=moderation;max auto prepare=5").MaxAutoPrepare);
    }
}
