/**
 * The text of a file's bytes when they are UTF-8, else why not, with the fix (save as UTF-8). A
 * UTF-8 byte order mark is dropped; UTF-16 (with or without a byte order mark), NUL bytes and
 * invalid UTF-8 (Latin-1 and other legacy encodings) are refused rather than decoded into `�`.
 * @example decodeUtf8(Buffer.from([0x63, 0x61, 0x66, 0xe9])) // { error: 'is not valid UTF-8 …' }
 */
export function decodeUtf8(bytes: Buffer): { text: string } | { error: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: 'is UTF-16 encoded; save it as UTF-8' };
  }
  if (bytes.includes(0)) {
    return { error: 'holds NUL bytes (binary, or UTF-16 without a byte order mark); save it as UTF-8 text' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.startsWith('\ufeff') ? text.slice(1) : text };
  } catch {
    return { error: 'is not valid UTF-8 (Latin-1 or another legacy encoding?); save it as UTF-8' };
  }
}
