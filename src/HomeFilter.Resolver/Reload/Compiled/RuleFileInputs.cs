using System.IO.Hashing;
using System.Text;
using HomeFilter.Rules.Lists;

namespace HomeFilter.Resolver.Reload.Compiled;

/// <summary>One list as the rules file remembers it: enough to stand in for it when its file is gone.</summary>
internal sealed record RuleFileSource(string Name, string Path, int Category, ListFormat Format, bool IsAllowList, bool Gzip)
{
    public RuleSource ToSource() => new(Name, Category, () => File.OpenRead(Path), Format, IsAllowList, Gzip);
}

/// <summary>
/// What compiled rules depend on, as stored in the rules file: the policy's category → sources mapping, the code
/// that parses and compiles (the rules library's build), and each list's file with its size, modification time and
/// a hash of its contents. All but the hashes decide at start, from a stat of each file, whether the file can be
/// used; the hashes are compared in the background afterwards, so a list rewritten with the same size and time is
/// caught too.
/// </summary>
internal sealed class RuleFileInputs
{
    private const string Tag = "homefilter-rule-inputs 1";

    private RuleFileInputs(string policyKey, IReadOnlyList<RuleFileSource> sources, byte[] stat, byte[]? hashes)
    {
        PolicyKey = policyKey;
        Sources = sources;
        Stat = stat;
        Hashes = hashes;
    }

    /// <summary>The policy's categories (by bit) with the sources it names for each, as written.</summary>
    public string PolicyKey { get; }

    /// <summary>The lists, in build order.</summary>
    public IReadOnlyList<RuleFileSource> Sources { get; }

    /// <summary>Everything but the content hashes: equal means the file may be used at once.</summary>
    public byte[] Stat { get; }

    /// <summary>XxHash128 of each file's bytes, end to end; null until computed.</summary>
    public byte[]? Hashes { get; }

    /// <summary>Describes the inputs from a stat of each file (no file is read).</summary>
    public static RuleFileInputs Describe(string policyKey, IReadOnlyList<RuleSource> sources, IReadOnlyList<string> paths)
    {
        var files = new RuleFileSource[sources.Count];
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Tag);
            writer.Write(typeof(RuleSetLoader).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
            writer.Write(policyKey);
            writer.Write(sources.Count);
            for (var i = 0; i < sources.Count; i++)
            {
                var source = sources[i];
                var file = new FileInfo(paths[i]);
                files[i] = new RuleFileSource(source.Name, file.FullName, source.Category, source.Format, source.IsAllowList, source.Gzip);
                writer.Write(source.Name);
                writer.Write(file.FullName);
                writer.Write(source.Category);
                writer.Write((byte)source.Format);
                writer.Write(source.IsAllowList);
                writer.Write(source.Gzip);
                writer.Write(file.Exists ? file.Length : -1);
                writer.Write(file.Exists ? file.LastWriteTimeUtc.Ticks : 0);
            }
        }

        return new RuleFileInputs(policyKey, files, stream.ToArray(), null);
    }

    /// <summary>The same inputs with the hash of every file's contents.</summary>
    public RuleFileInputs WithHashes(CancellationToken cancellationToken)
    {
        var hashes = new byte[Sources.Count * 16];
        var buffer = new byte[256 * 1024];
        for (var i = 0; i < Sources.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hash = new XxHash128();
            using (var file = new FileStream(Sources[i].Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                int read;
                while ((read = file.Read(buffer)) > 0)
                {
                    hash.Append(buffer.AsSpan(0, read));
                }
            }

            hash.GetCurrentHash(hashes.AsSpan(i * 16, 16));
        }

        return new RuleFileInputs(PolicyKey, Sources, Stat, hashes);
    }

    /// <summary>The bytes stored in the rules file.</summary>
    public byte[] Encode()
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Tag);
            writer.Write(PolicyKey);
            writer.Write(Sources.Count);
            foreach (var source in Sources)
            {
                writer.Write(source.Name);
                writer.Write(source.Path);
                writer.Write(source.Category);
                writer.Write((byte)source.Format);
                writer.Write(source.IsAllowList);
                writer.Write(source.Gzip);
            }

            writer.Write(Stat.Length);
            writer.Write(Stat);
            var hashes = Hashes ?? [];
            writer.Write(hashes.Length);
            writer.Write(hashes);
        }

        return stream.ToArray();
    }

    /// <summary>Inputs as stored; null when they cannot be read (another layout).</summary>
    public static RuleFileInputs? Decode(ReadOnlySpan<byte> stored)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(stored.ToArray()), Encoding.UTF8);
            if (reader.ReadString() != Tag)
            {
                return null;
            }

            var policyKey = reader.ReadString();
            var sources = new RuleFileSource[reader.ReadInt32()];
            for (var i = 0; i < sources.Length; i++)
            {
                sources[i] = new RuleFileSource(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), (ListFormat)reader.ReadByte(), reader.ReadBoolean(), reader.ReadBoolean());
            }

            var stat = reader.ReadBytes(reader.ReadInt32());
            var hashes = reader.ReadBytes(reader.ReadInt32());
            return new RuleFileInputs(policyKey, sources, stat, hashes);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IOException or OverflowException)
        {
            return null;
        }
    }
}
