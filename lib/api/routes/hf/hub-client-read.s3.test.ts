// The real @huggingface/hub against a running instance, on S3 (s3rver on loopback): modelInfo, listFiles, fileDownloadInfo, downloadFile (whole, ranged), whoAmI, refusals.
// The same suite as hub-client-read.test.ts (the blob store is process-wide, so one file per store).
import { readSuite } from "./hub-client-read.suite";

readSuite("s3");
