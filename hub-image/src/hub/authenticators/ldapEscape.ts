/**
 * Escaping of user input placed into LDAP filters (RFC 4515) and distinguished names
 * (RFC 4514). Both are applied to every username even after `valid_username_regex`, so a
 * permissive regex cannot open an injection.
 */

/** Escapes a value for an LDAP search filter: `*`, `(`, `)`, `\` and NUL become `\XX`. */
export function escapeFilterValue(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    if (byte === 0x2a || byte === 0x28 || byte === 0x29 || byte === 0x5c || byte === 0x00) {
      out += "\\" + byte.toString(16).padStart(2, "0");
    } else if (byte < 0x80) {
      out += c;
    } else {
      out += "\\" + byte.toString(16).padStart(2, "0");
    }
  }
  return out;
}

/**
 * Escapes a value for one RDN of a DN: the specials `"+,;<>\=` get a backslash, NUL becomes
 * `\00`, a leading space or `#` and a trailing space are escaped.
 */
export function escapeDnValue(value: string): string {
  const esc = (s: string) => s.replace(/["+,;<>\\=]/g, (c) => `\\${c}`).replace(/\0/g, "\\00");
  const trailingSpace = value.endsWith(" ");
  let out = esc(trailingSpace ? value.slice(0, -1) : value);
  if (out.startsWith(" ") || out.startsWith("#")) out = `\\${out}`;
  return trailingSpace ? `${out}\\ ` : out;
}

/** Replaces every `{username}` in a template with the escaped name. */
export function fillTemplate(template: string, escaped: string): string {
  return template.split("{username}").join(escaped);
}
