// The real @huggingface/hub against a running instance, on the local blob store: createRepo, uploadFiles (regular and >= 20 MB LFS), deleteFile, dedup, every refusal.
// hub-client-write.s3.test.ts runs the same suite on S3.
import { writeSuite } from "./hub-client-write.suite";

writeSuite("local");
