/** Escapes text for XML, SVG and HTML content and attribute values (quoted with `"` or `'`): `& < > " '` become entities. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}
