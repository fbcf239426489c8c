/** The part of swagger2openapi (no published types) that load/swagger2.ts calls. */
declare module 'swagger2openapi' {
  export interface ConvertOptions {
    targetVersion?: string;
    patch?: boolean;
    warnOnly?: boolean;
    resolve?: boolean;
    resolveInternal?: boolean;
    refSiblings?: 'remove' | 'preserve' | 'allOf';
    text?: string;
  }
  export function convertObj(swagger: object, options: ConvertOptions): Promise<{ openapi: Record<string, unknown> }>;
}
