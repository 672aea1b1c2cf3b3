/**
 * A name that becomes a file or folder name (a study's `<name>.distribution.json`): letters, digits,
 * `_`, `.` and `-`, starting with a letter, digit or `_`, at most 100 characters. No separator, no
 * dot segment (`.`, `..`), nothing a shell, a URL or Markdown would read otherwise.
 */
export const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/** Whether `value` may become a file or folder name (see {@link SAFE_NAME}). */
export function isSafeName(value: string): boolean {
  return SAFE_NAME.test(value);
}

/** The rule of {@link SAFE_NAME} in words, for the message of a flag that breaks it. */
export const SAFE_NAME_RULE =
  "a name of letters, digits, '_', '.' and '-' that starts with a letter, digit or '_' (at most 100; it becomes a file name)";
