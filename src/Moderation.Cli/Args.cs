namespace Moderation.Cli;

/// <summary>"--name value [value…]" and "--flag" arguments after the command; unknown names are an error.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args, params string[] known)
    {
        List<string>? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                if (!known.Contains(name))
                {
                    throw new UsageException($"Unknown option --{name}. Known: {string.Join(", ", known.Select(k => "--" + k))}.");
                }

                current = _values.TryGetValue(name, out var existing) ? existing : _values[name] = [];
            }
            else if (current is null)
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }
            else
            {
                current.Add(arg);
            }
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public IReadOnlyList<string> Many(string name) =>
        _values.TryGetValue(name, out var v) && v.Count > 0 ? v : throw new UsageException($"--{name} needs at least one value.");

    public string One(string name) => Many(name) is [var one] ? one : throw new UsageException($"--{name} takes exactly one value.");

    public string? Optional(string name) => Has(name) ? One(name) : null;
}

internal sealed class UsageException(string message) : Exception(message);
