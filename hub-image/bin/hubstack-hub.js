#!/usr/bin/env node
// The JupyterHub-compatible hub. Built from src/hub by `npm run build`.
import "../dist/hub/cli.js";
