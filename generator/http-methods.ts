import type { HttpMethod } from '../templates/runtime/types.js';

/** The operations of an OpenAPI path item (OAS 3.1 §4.8.9), by the keys it holds them under, in the spec's order. */
export const PATH_ITEM_METHODS: readonly Lowercase<HttpMethod>[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
