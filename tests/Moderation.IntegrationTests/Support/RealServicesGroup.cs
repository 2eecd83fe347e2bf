[assembly: AssemblyFixture(typeof(Moderation.IntegrationTests.Support.RealServices))]

namespace Moderation.IntegrationTests.Support;

/// <summary>
/// Tests on the shared broker run one after another: they share one service host, so one comment
/// is never decided by two hosts at once and event counts stay exact.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealServicesGroup : ICollectionFixture<RealServiceHost>
{
    public const string Name = "real services";
}
