// Download counting on the local blob store (the suite: downloads.suite.ts).
import { downloadsSuite } from "./downloads.suite";

downloadsSuite("local");
