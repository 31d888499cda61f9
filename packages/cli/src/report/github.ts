/**
 * `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 *
 * @module
 */
import { relative, sep } from "node:path";
import type { CheckRun } from "./model.ts";

/** Escapes the message part of a workflow command. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value (also `:` and `,`, which delimit properties). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * The file as GitHub wants it: relative to the repository root (`$GITHUB_WORKSPACE` when set,
 * else the working directory), with forward slashes.
 */
function annotationPath(file: string, path: string | null, base: string): string {
  if (path === null) return file;
  const rel = relative(base, path);
  if (rel === "" || rel.startsWith("..")) return file.split(sep).join("/");
  return rel.split(sep).join("/");
}

/**
 * Renders `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message` lines
 * (`::warning` for warnings). Columns are the same 1-based, end-exclusive numbers as the JSON
 * output. Unreadable files become an `::error file=…::` annotation without a position.
 */
export function renderGithub(run: CheckRun, base: string, quiet = false): string {
  let out = "";
  for (const r of run.results) {
    const file = escapeProperty(annotationPath(r.file, r.path, base));
    for (const d of r.diagnostics) {
      if (quiet && d.severity !== "error") continue;
      const props = [
        `file=${file}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ].join(",");
      out += `::${d.severity} ${props}::${escapeData(d.message)}\n`;
    }
  }
  for (const f of run.failures) {
    out += `::error file=${escapeProperty(annotationPath(f.file, f.path, base))},title=unreadable::${escapeData(f.message)}\n`;
  }
  return out;
}
