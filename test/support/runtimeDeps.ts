/**
 * hub-image's own runtime packages for tests at the repository root (which has no pino or
 * prom-client of its own): the very copies the hub sources load, so types and instances match.
 */
export { pino } from "../../hub-image/node_modules/pino";
export { Registry } from "../../hub-image/node_modules/prom-client";
