// The wire form of a file (snake_case, as the rest of the API).
import type { FileInfo } from "@/lib/registry/files";

export function fileJson(f: FileInfo) {
  return {
    path: f.path,
    size: f.size,
    sha256: f.sha256,
    content_type: f.contentType,
    created_at: f.createdAt instanceof Date ? f.createdAt.toISOString() : f.createdAt,
  };
}
