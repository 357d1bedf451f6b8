using HomeFilter.Fuzz;
using SharpFuzz;

// HomeFilter.Fuzz <target>                  under afl-fuzz: one input per run on standard input
// HomeFilter.Fuzz <target> <file|dir> ...   replay inputs in this process; prints each exception, exit 1 if any
// HomeFilter.Fuzz --list                    the target names, one a line
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: HomeFilter.Fuzz <target> [input file or directory ...]   targets: " + string.Join(", ", FuzzTargets.Names));
    return 2;
}

if (args[0] == "--list")
{
    foreach (var name in FuzzTargets.Names)
    {
        Console.WriteLine(name);
    }

    return 0;
}

if (!FuzzTargets.TryGet(args[0], out var target))
{
    Console.Error.WriteLine($"unknown target '{args[0]}'; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

if (args.Length == 1)
{
    // Out of process: a stack overflow or a hang kills only the child SharpFuzz restarts, and is still reported.
    Fuzzer.OutOfProcess.Run(stream => target(FuzzInput.ReadAll(stream)));
    return 0;
}

return Replay.Run(target, args.AsSpan(1));
