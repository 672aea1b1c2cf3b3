/**
 * Escapes text (a name, a path, an error message) for Markdown, table cells included: `&` and `<`
 * become entities, so nothing in it opens an HTML tag or names an entity (`>` alone opens nothing
 * and stays, so `sst2 -> mrpc` reads as typed); `|` and `\` get a backslash (a pipe would end a
 * table cell); line breaks become spaces (a row is one line).
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\\|]/g, (c) => `\\${c}`)
    .replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))
    .replace(/\r?\n|\r/g, ' ');
}
