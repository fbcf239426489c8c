/**
 * The TypeScript type a JSON Schema declared `as const` describes, as Ajv leaves the value after
 * validating it with `useDefaults` (a property with a `default` is always there). Covers the
 * keywords generator/model/x-mcp-schema.ts uses; anything else maps to `unknown`, never to a lie.
 */
export type FromSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly type: 'string' }
      ? string
      : S extends { readonly type: 'number' | 'integer' }
        ? number
        : S extends { readonly type: 'boolean' }
          ? boolean
          : S extends { readonly type: 'array' }
            ? readonly (S extends { readonly items: infer I } ? FromSchema<I> : unknown)[]
            : S extends { readonly type: 'object'; readonly properties: infer P }
              ? ObjectOf<P, PresentKeys<S, P>>
              : S extends { readonly type: 'object'; readonly additionalProperties: infer A }
                ? { readonly [key: string]: FromSchema<A> }
                : S extends { readonly if: infer I; readonly else: infer E }
                  ? FromSchema<S extends { readonly then: infer T } ? T : I> | FromSchema<E>
                  : unknown;

/** Keys that are always there: required ones and those with a default. */
type PresentKeys<S, P> =
  | (S extends { readonly required: readonly (infer R)[] } ? R : never)
  | { [K in keyof P]: P[K] extends { readonly default: unknown } ? K : never }[keyof P];

type ObjectOf<P, Present> = Simplify<
  { readonly [K in keyof P & Present]: FromSchema<P[K]> } & { readonly [K in Exclude<keyof P, Present>]?: FromSchema<P[K]> }
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
