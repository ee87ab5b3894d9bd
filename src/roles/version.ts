import pkg from '../../package.json' with { type: 'json' };

/** Tinn's version, from package.json (inlined when bin/tinn.js bundles the sources). */
export const version: string = pkg.version;
