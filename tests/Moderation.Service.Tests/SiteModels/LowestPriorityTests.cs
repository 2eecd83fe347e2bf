using Moderation.Service.SiteModels;

namespace Moderation.Service.Tests.SiteModels;

public sealed class LowestPriorityTests
{
    private const int SchedIdle = 5;

    [Fact]
    public void The_training_thread_runs_in_the_idle_scheduling_class_on_linux_and_no_other_thread_does()
    {
        var before = OperatingSystem.IsLinux() ? LowestPriority.CurrentThreadPolicy() : 0;
        (bool Applied, int Policy) onThread = default;
        var thread = new Thread(() => onThread = (LowestPriority.ApplyToCurrentThread(), OperatingSystem.IsLinux() ? LowestPriority.CurrentThreadPolicy() : 0));

        thread.Start();
        thread.Join();

        Assert.Equal(OperatingSystem.IsLinux(), onThread.Applied);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(SchedIdle, onThread.Policy);
            // Per thread, not per process: the test's own thread keeps its class.
            Assert.NotEqual(SchedIdle, before);
            Assert.Equal(before, LowestPriority.CurrentThreadPolicy());
        }
    }
}
