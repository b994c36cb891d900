import { describe, expect, it } from "vitest";
import { buildTree, fileUrl } from "./file-tree";

const f = (path: string, size = 1) => ({ path, size, sha256: "a".repeat(64), contentType: "x/y" });

describe("buildTree", () => {
  it("groups by folder, folders first and sorted, with sizes and counts", () => {
    const t = buildTree([f("b.txt", 2), f("w/z.bin", 10), f("a.txt", 1), f("w/sub/x", 5), f("c/d", 7)]);
    expect(t.folders.map((d) => d.name)).toEqual(["c", "w"]);
    expect(t.files.map((x) => x.name)).toEqual(["a.txt", "b.txt"]);
    const w = t.folders[1];
    expect(w).toMatchObject({ path: "w", size: 15, count: 2 });
    expect(w.folders[0]).toMatchObject({ name: "sub", path: "w/sub", size: 5, count: 1 });
    expect(w.folders[0].files[0]).toMatchObject({ name: "x", path: "w/sub/x" });
    expect(t).toMatchObject({ size: 25, count: 5 });
  });
  it("is empty for no files", () => {
    expect(buildTree([])).toMatchObject({ folders: [], files: [], count: 0 });
  });
});

it("fileUrl encodes each segment", () => {
  expect(fileUrl("/api/v1/o/p/versions/model/v1/files", "my dir/é#.bin")).toBe("/api/v1/o/p/versions/model/v1/files/my%20dir/%C3%A9%23.bin");
});
