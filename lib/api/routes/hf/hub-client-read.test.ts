// The real @huggingface/hub against a running instance, on the local blob store: modelInfo, listFiles, fileDownloadInfo, downloadFile (whole, ranged), whoAmI, refusals.
// hub-client-read.s3.test.ts runs the same suite on S3.
import { readSuite } from "./hub-client-read.suite";

readSuite("local");
