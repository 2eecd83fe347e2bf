using Moderation.LoadTest;

// moderation-loadtest run  --amqp URI [--target service|baseline] [--count N] [--rate R] ...   (see docs/load-and-faults.md)
// moderation-loadtest echo --amqp URI [--queue loadtest-echo]                                   (the bus-only baseline consumer)
if (args.Length == 0 || args[0] is not ("run" or "echo"))
{
    Console.Error.WriteLine("usage: Moderation.LoadTest run|echo --amqp URI [options]; see docs/load-and-faults.md");
    return 64;
}

var options = new Options(args.Skip(1));
return args[0] == "run" ? await LoadRun.RunAsync(options) : await EchoService.RunAsync(options);
