// Download counting on S3 (s3rver on loopback), where resolve answers a 302 to a presigned GET (downloads.suite.ts).
import { downloadsSuite } from "./downloads.suite";

downloadsSuite("s3");
