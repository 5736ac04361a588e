/**
 * Where a job writes: a Unity Catalog name (`catalog`, `catalog.schema`, `catalog.schema.table`) or
 * a storage location (`s3://bucket/path`). Two targets overlap when one contains the other: the
 * same catalog, a schema inside a catalog written elsewhere, a folder below another's folder.
 * Unity Catalog names compare case-insensitively (as Unity Catalog stores them), storage URLs with
 * scheme and bucket case-insensitive and the path as written, trailing slashes ignored.
 */
export function targetParts(target: string): string[] {
  const text = target.trim();
  if (/^(s3|gs|abfss):\/\/\S+$/i.test(text)) {
    const [, scheme, rest] = /^([a-z0-9]+):\/\/(.*)$/i.exec(text)!;
    const [bucket, ...path] = rest.split('/');
    return [`${scheme.toLowerCase()}://${bucket.toLowerCase()}`, ...path.filter((p) => p !== '')];
  }
  return text
    .replace(/`/g, '')
    .split('.')
    .map((p) => p.toLowerCase());
}

/** Whether two write targets overlap (one equals or contains the other). */
export function targetsOverlap(a: string, b: string): boolean {
  const [x, y] = [targetParts(a), targetParts(b)];
  const n = Math.min(x.length, y.length);
  return n > 0 && x.slice(0, n).every((part, i) => part === y[i]);
}
