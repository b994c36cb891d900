// Files by folder, for the browser: a pure function from paths to a sorted tree (folders first).

export type TreeFile = { path: string; size: number; sha256: string; contentType: string };
export type TreeFolder = { name: string; path: string; folders: TreeFolder[]; files: (TreeFile & { name: string })[]; size: number; count: number };

export function buildTree(files: TreeFile[]): TreeFolder {
  const root: TreeFolder = { name: "", path: "", folders: [], files: [], size: 0, count: 0 };
  const index = new Map<string, TreeFolder>([["", root]]);
  for (const f of files) {
    const parts = f.path.split("/");
    const name = parts.pop() as string;
    let folder = root;
    folder.size += f.size;
    folder.count += 1;
    for (let i = 0; i < parts.length; i++) {
      const p = parts.slice(0, i + 1).join("/");
      let next = index.get(p);
      if (!next) {
        next = { name: parts[i], path: p, folders: [], files: [], size: 0, count: 0 };
        index.set(p, next);
        folder.folders.push(next);
      }
      folder = next;
      folder.size += f.size;
      folder.count += 1;
    }
    folder.files.push({ ...f, name });
  }
  const sort = (d: TreeFolder) => {
    d.folders.sort((a, b) => a.name.localeCompare(b.name));
    d.files.sort((a, b) => a.name.localeCompare(b.name));
    d.folders.forEach(sort);
  };
  sort(root);
  return root;
}

/** The URL path of a file under the API base: each segment encoded, slashes kept. */
export function fileUrl(apiBase: string, path: string): string {
  return `${apiBase}/${path.split("/").map(encodeURIComponent).join("/")}`;
}
