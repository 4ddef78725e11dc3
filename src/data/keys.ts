// A zod schema + a path into the data → the field names allowed there, for "did you mean" on an unknown field.
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at `path` may be checked against (several through a union), wrappers removed. */
function schemasAt(schema: z.ZodType, path: PropertyKey[], depth = 0): z.ZodType[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? schemasAt(def.innerType, path, depth + 1) : [];
    case 'lazy':
      return def.getter ? schemasAt(def.getter(), path, depth + 1) : [];
    case 'pipe':
      return def.in ? schemasAt(def.in, path, depth + 1) : [];
    case 'union':
      return (def.options ?? []).flatMap((o) => schemasAt(o, path, depth + 1));
    case 'intersection':
      return [def.left, def.right].flatMap((o) => (o ? schemasAt(o, path, depth + 1) : []));
  }
  if (path.length === 0) return [schema];
  const [head, ...rest] = path;
  if (def.type === 'object' && def.shape) {
    const next = def.shape[String(head)];
    return next ? schemasAt(next, rest, depth + 1) : [];
  }
  if (def.type === 'array' && def.element) return schemasAt(def.element, rest, depth + 1);
  if (def.type === 'record' && def.valueType) return schemasAt(def.valueType, rest, depth + 1);
  return [];
}

/** Every field name an object at `path` may have, sorted. */
export function allowedKeys(schema: z.ZodType, path: PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path)) {
    const def = defOf(s);
    if (def.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys].sort();
}
