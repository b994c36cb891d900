// Every machine surface's routes, in one table: each area lists its own routes in its own file.
import { createRouter, type RouteEntry } from "@/lib/api/router";
import { v1Routes } from "./v1";
import { hfRoutes } from "./hf";
import { mlflowRoutes } from "./mlflow";

export const ROUTES: RouteEntry[] = [...v1Routes, ...hfRoutes, ...mlflowRoutes];

/** The process's router, built once. */
export const router = createRouter(ROUTES);
