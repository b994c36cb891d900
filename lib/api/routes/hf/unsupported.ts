// What Modelreg's Hub surface does not do answers a clear 4xx in the Hub's shape, never a hang or a 500.
import { errorJson } from "./respond";

const handler = (status: number, message: string, code?: "RepoNotFound") => async () => errorJson(status, message, code);

/** Datasets and Spaces: Modelreg hosts models only (the Hub's 404 for a missing repository). */
export const notAModel = {
  GET: handler(404, "Modelreg hosts models only: datasets and spaces do not exist here.", "RepoNotFound"),
  POST: handler(404, "Modelreg hosts models only: datasets and spaces do not exist here.", "RepoNotFound"),
  PUT: handler(404, "Modelreg hosts models only: datasets and spaces do not exist here.", "RepoNotFound"),
  DELETE: handler(404, "Modelreg hosts models only: datasets and spaces do not exist here.", "RepoNotFound"),
};

/** Xet: this server stores files through Git LFS only. */
export const xet = {
  GET: handler(
    400,
    "This server does not support Xet storage: upload through Git LFS (set HF_HUB_DISABLE_XET=1 for huggingface_hub; useXet: false for @huggingface/hub). Downloads work either way.",
  ),
  POST: handler(
    400,
    "This server does not support Xet storage: upload through Git LFS (set HF_HUB_DISABLE_XET=1 for huggingface_hub; useXet: false for @huggingface/hub). Downloads work either way.",
  ),
};
