/**
 * The one thing the kernel connection takes from `@jupyter-widgets/base`, its message ids, for tests in
 * Node: the package itself reads the browser's `document` as it loads. `npm test` bundles the tests with
 * this module in its place.
 */
import { randomUUID } from 'node:crypto';

export const uuid = () => randomUUID();
