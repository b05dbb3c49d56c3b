import { fields } from "./configSchema";

/** One problem with the stack config: the key, what is wrong, and the command that fixes it. */
export interface ConfigProblem {
  readonly key: string;
  readonly problem: string;
  readonly fix: string;
}

/** The command that sets `key` (with `--secret` for secrets), or removes an unknown key. */
export const setCmd = (key: string): string => {
  const f = (fields as Record<string, { example: string; secret?: boolean } | undefined>)[key];
  if (!f) return `pulumi config rm ${key}`;
  return f.secret ? `pulumi config set ${key} --secret` : `pulumi config set ${key} ${f.example}`;
};
