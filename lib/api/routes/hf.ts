// The Hugging Face Hub protocol (shared/HF-WIRE.md): huggingface_hub, from_pretrained and @huggingface/hub read
// and write Modelreg models through these routes. Handlers live under hf/; they call lib/registry only.
import type { RouteEntry } from "@/lib/api/router";
import * as branch from "./hf/branch";
import * as commit from "./hf/commit";
import * as commits from "./hf/commits";
import * as lfsBatch from "./hf/lfs-batch";
import * as lfsUpload from "./hf/lfs-upload";
import { complete as lfsComplete, verify as lfsVerify } from "./hf/lfs-verify";
import * as modelInfo from "./hf/model-info";
import * as pathsInfo from "./hf/paths-info";
import * as preupload from "./hf/preupload";
import * as refs from "./hf/refs";
import * as reposCreate from "./hf/repos-create";
import * as resolve from "./hf/resolve";
import * as tree from "./hf/tree";
import * as whoami from "./hf/whoami";
import { notAModel, xet } from "./hf/unsupported";

export const hfRoutes: RouteEntry[] = [
  { path: "/api/whoami-v2", module: whoami },
  { path: "/api/models/:owner/:model", module: modelInfo },
  { path: "/api/models/:owner/:model/revision/:rev", module: modelInfo },
  { path: "/api/models/:owner/:model/tree/:rev/*path?", module: tree },
  { path: "/api/models/:owner/:model/paths-info/:rev", module: pathsInfo },
  { path: "/api/models/:owner/:model/preupload/:rev", module: preupload },
  { path: "/api/models/:owner/:model/commit/:rev", module: commit },
  { path: "/api/models/:owner/:model/refs", module: refs },
  { path: "/api/models/:owner/:model/commits/:rev", module: commits },
  { path: "/api/models/:owner/:model/branch/:name", module: branch },
  { path: "/api/repos/create", module: reposCreate },
  { path: "/api/lfs/upload/:grant", module: lfsUpload },
  { path: "/api/lfs/verify/:grant", module: lfsVerify },
  { path: "/api/lfs/complete/:grant", module: lfsComplete },
  { path: "/api/models/:owner/:model/xet-write-token/:rev", module: xet },
  { path: "/api/models/:owner/:model/xet-read-token/:rev", module: xet },
  { path: "/api/datasets/*rest", module: notAModel },
  { path: "/api/spaces/*rest", module: notAModel },
  { path: "/datasets/:owner/:model/resolve/*rest", module: notAModel },
  { path: "/spaces/:owner/:model/resolve/*rest", module: notAModel },
  { path: "/:owner/:model/resolve/:rev/*path", module: resolve },
  { path: "/:owner/:model/raw/:rev/*path", module: resolve },
  { path: "/:owner/:model/info/lfs/objects/batch", module: lfsBatch },
];
