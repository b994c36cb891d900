// The domain layer's public surface. Every read and write of the product goes through these modules.
export * from "./errors";
export * from "./actor";
