namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>One data file found under the drop root, or a place the walk refused to enter.</summary>
/// <param name="RelativePath">Path from the drop root with <c>/</c> separators: the dataset's qualified name.</param>
/// <param name="SidecarPath">The readable <c>.meta.json</c> next to the file, if any.</param>
/// <param name="Refusal">Why the file or folder was not read (a link out of the root), with the fix; null when it is read.</param>
/// <param name="SidecarRefusal">Why a sidecar next to the file was not read, with the fix.</param>
internal sealed record DropEntry(string FullPath, string RelativePath, string? SidecarPath, string? Refusal, string? SidecarRefusal = null);

/// <summary>Lists the data files under a drop root, confined to it: links are followed only to targets inside the root.</summary>
/// <remarks>A link's target is judged by its full real path, every component resolved (<see cref="RealPath"/>): a link to
/// <c>inside/escape/secret.csv</c>, where <c>inside/escape</c> is itself a link out of the root, is outside the root.</remarks>
internal static class DropFolderWalker
{
    private static readonly string[] DataExtensions = [".csv", ".tsv", ".xlsx"];

    public static bool IsDataFile(string name) =>
        DataExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public static List<DropEntry> Walk(string root)
    {
        // Enumerating real directories only (never a link's path) keeps every relative link target resolving the way the
        // operating system resolves it, so "../" in a target cannot point somewhere other than where the check looked.
        var realRoot = new DirectoryInfo(RealPath(root) ?? Path.GetFullPath(root));
        var entries = new List<DropEntry>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { realRoot.FullName };
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((realRoot, string.Empty));
        while (pending.Count > 0)
        {
            var (directory, relativeDirectory) = pending.Pop();
            FileSystemInfo[] children;
            // An unreadable root is the whole source being unavailable, so only a subfolder's failure is caught.
            try
            {
                children = directory.GetFileSystemInfos();
            }
            catch (Exception e) when (relativeDirectory.Length > 0 && e is IOException or UnauthorizedAccessException)
            {
                entries.Add(new DropEntry(directory.FullName, relativeDirectory, null,
                    $"{relativeDirectory}: folder could not be listed ({e.Message}). Fix: give the harvester read access to it."));
                continue;
            }

            foreach (var child in children)
            {
                var relative = relativeDirectory.Length == 0 ? child.Name : $"{relativeDirectory}/{child.Name}";
                var target = child.LinkTarget is null ? child : Resolve(child);
                if (child.LinkTarget is not null && (target is null || !IsInside(target.FullName, realRoot.FullName)))
                {
                    if (child is DirectoryInfo || IsDataFile(child.Name))
                    {
                        entries.Add(new DropEntry(child.FullName, relative, null,
                            $"{relative}: is a link to '{child.LinkTarget}', {(target is null ? "which does not exist" : "outside the drop root")}, so it was not read. "
                            + "Fix: copy the data into the drop folder instead of linking to it."));
                    }

                    continue;
                }

                if (target is DirectoryInfo realDirectory)
                {
                    // A link back to a folder already walked would list the same files twice, or forever.
                    if (visited.Add(realDirectory.FullName))
                    {
                        pending.Push((realDirectory, relative));
                    }
                }
                else if (IsDataFile(child.Name))
                {
                    var (sidecar, sidecarRefusal) = Sidecar(directory, child.Name, relative, realRoot.FullName);
                    entries.Add(new DropEntry(target!.FullName, relative, sidecar, null, sidecarRefusal));
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return entries;
    }

    private static FileSystemInfo? Resolve(FileSystemInfo link)
    {
        if (RealPath(link.FullName) is not { } real)
        {
            return null;
        }

        FileSystemInfo target = Directory.Exists(real) ? new DirectoryInfo(real) : new FileInfo(real);
        return target.Exists ? target : null;
    }

    /// <summary>The path with every link in every component resolved, as the operating system would (realpath(3)); null
    /// for a link loop or an unreadable link.</summary>
    internal static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Components(full[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            // Linux gives up after 40 links in one lookup (ELOOP); so does this.
            if (++links > 40)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            foreach (var component in Components(target).Reverse())
            {
                pending.Push(component);
            }
        }

        return current;
    }

    private static string[] Components(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static (string? Path, string? Refusal) Sidecar(DirectoryInfo directory, string dataFileName, string relative, string root)
    {
        var sidecar = new FileInfo(Path.Combine(directory.FullName, dataFileName + SidecarReader.Suffix));
        if (sidecar.LinkTarget is null)
        {
            return (sidecar.Exists ? sidecar.FullName : null, null);
        }

        return Resolve(sidecar) is FileInfo file && IsInside(file.FullName, root)
            ? (file.FullName, null)
            : (null, $"{relative}{SidecarReader.Suffix}: is a link to '{sidecar.LinkTarget}', outside the drop root or missing, so it was not read. "
                + "Fix: copy the sidecar into the drop folder instead of linking to it.");
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
