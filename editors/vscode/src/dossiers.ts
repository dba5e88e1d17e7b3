// Which files are dossiers, and which policy folder a file belongs to. Pure path logic.
import * as path from "node:path";

const DOSSIER = /\.(json|ya?ml)$/i;
const EXPECTED = /\.expected\.json$/i;

/** A candidate dossier (JSON or YAML), not the expected file of a fixture. */
export function isDossier(file: string): boolean {
  return DOSSIER.test(file) && !EXPECTED.test(file);
}

/** `tests/p1.expected.json` → `p1`; `tests/p1.yaml` → `p1`. */
export function fixtureName(file: string): string {
  const base = path.posix.basename(file.replaceAll("\\", "/"));
  return base.replace(EXPECTED, "").replace(DOSSIER, "");
}

/**
 * The policy folder of a fixture file: the folder holding its `tests/` folder
 * (`policies/x/tests/a.json` → `policies/x`), undefined when the file is not in a `tests/` folder.
 */
export function policyFolderOfFixture(file: string): string | undefined {
  const posix = file.replaceAll("\\", "/");
  const dir = path.posix.dirname(posix);
  if (path.posix.basename(dir) !== "tests") return undefined;
  return path.posix.dirname(dir);
}

export interface DossierChoice {
  label: string;
  description: string;
  file: string;
}

/**
 * The dossiers offered when the author evaluates one: those of the policy in focus first (its
 * `tests/` folder), then the others, each group in name order.
 */
export function dossierChoices(files: string[], policyFolder: string | undefined, relativeTo: (file: string) => string): DossierChoice[] {
  const choices = files
    .filter(isDossier)
    .map((file) => ({ label: path.posix.basename(file.replaceAll("\\", "/")), description: path.posix.dirname(relativeTo(file).replaceAll("\\", "/")), file }));
  const mine = (c: DossierChoice): number =>
    policyFolder !== undefined && policyFolderOfFixture(c.file) === policyFolder.replaceAll("\\", "/") ? 0 : 1;
  return choices.sort((a, b) => mine(a) - mine(b) || a.description.localeCompare(b.description) || a.label.localeCompare(b.label));
}
