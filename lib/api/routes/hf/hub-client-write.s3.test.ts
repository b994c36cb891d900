// The real @huggingface/hub against a running instance, on S3 (s3rver on loopback): createRepo, uploadFiles (regular and >= 20 MB LFS), deleteFile, dedup, every refusal.
// The same suite as hub-client-write.test.ts (the blob store is process-wide, so one file per store).
import { writeSuite } from "./hub-client-write.suite";

writeSuite("s3");
