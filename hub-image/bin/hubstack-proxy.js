#!/usr/bin/env node
// The configurable-http-proxy drop-in. Built from src/proxy by `npm run build`.
import "../dist/proxy/cli.js";
