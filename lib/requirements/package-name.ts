/** PEP 508 project name: letters and digits, with `-`, `_` and `.` only between them. */
const PACKAGE_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** Whether `name` is a valid Python project name (PEP 508). */
export function isValidPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name);
}

/**
 * The PEP 503 normalized form of a project name: lower case, every run of `-`, `_` and `.` becomes one `-`.
 * Two names refer to the same package exactly when their normalized forms are equal.
 * @example normalizePackageName('Typing_Extensions') === 'typing-extensions'
 */
export function normalizePackageName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
