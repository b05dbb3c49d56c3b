/** View-models and HTML probes shared by the UI's unit and browser tests. */
import type { HomeView, PageContext, ProfileView } from "../../hub-image/src/hub/ui/index.js";

export const XSRF = "2|xsrf-token-for-tests";

export function pageCtx(
  user: { name: string; admin: boolean } | null = { name: "alice", admin: false },
  baseUrl = "/",
): PageContext {
  return { baseUrl, user: user ?? undefined, xsrf: XSRF, version: "0.1.0" };
}

export const PROFILES: readonly ProfileView[] = [
  {
    slug: "small",
    displayName: "Small",
    description: "For notebooks and light analysis",
    image: "quay.io/jupyter/minimal-notebook:2025-11-10",
    cpuLimit: 1,
    memLimit: 2 * 1024 ** 3,
    default: true,
  },
  {
    slug: "datascience",
    displayName: "Data science",
    description: "pandas, scikit-learn, matplotlib",
    image: "quay.io/jupyter/scipy-notebook:2025-11-10",
    cpuLimit: 4,
    memLimit: 8 * 1024 ** 3,
  },
  {
    slug: "gpu",
    displayName: "GPU",
    description: "PyTorch with CUDA",
    image: "quay.io/jupyter/pytorch-notebook:cuda12-2025-11-10",
    cpuLimit: 8,
    memLimit: 30 * 1024 ** 3,
    gpu: "1 × NVIDIA T4",
  },
];

export function homeView(ctx = pageCtx()): HomeView {
  const owner = ctx.user?.name ?? "alice";
  return {
    ctx,
    owner,
    servers: [
      { name: "", phase: "running", lastActivity: "2026-11-23T14:05:00Z", profile: "Data science" },
      { name: "experiment", phase: "stopped", lastActivity: "2026-11-20T09:30:00Z" },
      { name: "gpu-training", phase: "spawning", lastActivity: null, profile: "GPU" },
    ],
    namedServers: { allowed: true, limit: 5 },
  };
}

/**
 * A page with its whitespace collapsed and `/>` read as `>`, so that tests do not depend on how
 * Prettier lays out the renderers' templates.
 */
export function norm(page: string): string {
  return page
    .replace(/\s+/g, " ")
    .replace(/\s*\/>/g, ">")
    .replace(/ >/g, ">")
    .replace(/> /g, ">")
    .replace(/ </g, "<");
}

/** Every `<form ...>...</form>` of a page, as its opening tag and its inner HTML. */
export function forms(page: string): { open: string; inner: string }[] {
  return [...page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => ({
    open: m[1] ?? "",
    inner: m[2] ?? "",
  }));
}

/** Every POST form carries the page's XSRF token as `_xsrf`. */
export function postFormsLackingXsrf(page: string, xsrf = XSRF): string[] {
  const field = `<input type="hidden" name="_xsrf" value="${xsrf}">`;
  return forms(norm(page))
    .filter((f) => /method="post"/.test(f.open) && !f.inner.includes(field))
    .map((f) => f.open);
}
