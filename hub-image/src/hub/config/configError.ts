import type { z } from "zod";

/** One problem in hub.yaml: the key path, what is wrong and how to fix it. */
export interface ConfigProblem {
  readonly key: string;
  readonly problem: string;
  readonly fix: string;
}

/** Thrown when hub.yaml is invalid; its message lists every problem, one a line. */
export class HubConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid hub config (${source}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.problem}. Fix: ${p.fix}`).join("\n"),
    );
    this.name = "HubConfigError";
  }
}

/** A dotted key path, with list indexes in brackets: `services[0].name`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(top level)" : out;
}

/** Turns zod issues into problems that name the key and the fix. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const key = keyPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({
        key: keyPath([...issue.path, k]),
        problem: "unknown key",
        fix: `remove it or check its spelling (see the hub.yaml reference)`,
      }));
    }
    if (issue.code === "invalid_union" && issue.path.at(-1) === "kind") {
      return [{ key, problem: "unknown kind", fix: "use one of the documented kinds" }];
    }
    return [{ key, problem: issue.message, fix: fixFor(issue, key) }];
  });
}

function fixFor(issue: z.core.$ZodIssue, key: string): string {
  switch (issue.code) {
    case "invalid_type":
      return `set ${key} to a ${issue.expected}`;
    case "too_small":
      return `set ${key} to at least ${String(issue.minimum)}`;
    case "too_big":
      return `set ${key} to at most ${String(issue.maximum)}`;
    case "invalid_value":
      return `set ${key} to one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `correct ${key} as the message says`;
  }
}
