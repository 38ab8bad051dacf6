/**
 * Masks a person's name for anything outside the supervision layer: the first and the last
 * character stay, one `*` stands for the rest (`王小华` → `王*华`, `王华` → `王*`). One star
 * whatever the length, so the mask does not reveal how long the name is.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '*';
  const first = chars[0] ?? '';
  if (chars.length <= 2) return `${first}*`;
  return `${first}*${chars[chars.length - 1] ?? ''}`;
}
