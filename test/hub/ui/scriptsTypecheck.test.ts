/**
 * The page scripts are plain JS inside TS strings, so tsc never sees them. This test checks them
 * as JS files against the DOM typings for the mistakes that matter: undefined names, misspelled
 * members that have a close match, wrong argument counts and syntax errors.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { resolveAsset } from "../../../hub-image/src/hub/ui/index.js";

const CHECKED = new Set([
  2304, // Cannot find name 'x'
  2552, // Cannot find name 'x'. Did you mean 'y'?
  2551, // Property 'x' does not exist on type 'T'. Did you mean 'y'?
  2554, // Expected n arguments, but got m
  2555, // Expected at least n arguments
  2349, // This expression is not callable
]);

/** The parsed lib files (lib.dom.d.ts is large), shared by every check. */
const LIBS = new Map<string, ts.SourceFile>();

function diagnostics(name: string, source: string): string[] {
  const file = `/virtual/${name}`;
  const options: ts.CompilerOptions = {
    allowJs: true,
    checkJs: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => f === file || ts.sys.fileExists(f);
  host.readFile = (f) => (f === file ? source : readFile(f));
  host.getSourceFile = (f, lang) => {
    if (f === file) return ts.createSourceFile(f, source, lang, true);
    const cached = LIBS.get(f) ?? getSourceFile(f, lang);
    if (cached) LIBS.set(f, cached);
    return cached;
  };
  const program = ts.createProgram([file], options, host);
  const sf = program.getSourceFile(file);
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .filter((d) => d.code < 2000 || CHECKED.has(d.code))
    .map((d) => {
      const pos =
        d.start === undefined
          ? ""
          : `${String(sf?.getLineAndCharacterOfPosition(d.start).line ?? 0)}: `;
      return `${pos}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

describe("page scripts type-check against the DOM", { timeout: 60_000 }, () => {
  it.each(["admin.js", "token.js", "spawn-pending.js"])("%s", (name) => {
    const source = resolveAsset("GET", name, null).body.toString("utf8");
    expect(diagnostics(name, source)).toEqual([]);
  });

  it("the check does catch a misspelled name", () => {
    expect(
      diagnostics("bad.js", "documnt.querySelector('x');\nnew EventSource('/x').onmesage = null;"),
    ).toHaveLength(2);
  });
});
