/**
 * Every API input, as zod schemas (zod/mini keeps Lambda bundles small). Handlers parse with these; the
 * OpenAPI document is generated from them; TypeScript types are inferred from them.
 *
 * One module per input under input/: a handler imports its own module, never this index, so its bundle
 * holds only the zod it uses (an index import builds every schema at load: 13–21 KB more per handler, measured).
 */
export * from './input/create-dossier.ts';
export * from './input/presign-upload.ts';
export * from './input/complete-task.ts';
export * from './input/withdraw.ts';
export * from './input/open-council-session.ts';
export * from './input/declare-recusal.ts';
export * from './input/cast-ballot.ts';
export * from './input/list-dossiers.ts';
export * from './input/list-council-sessions.ts';
export * from './input/public-awards.ts';
export * from './input/report-year.ts';
export * from './input/clusters.ts';
export * from './input/units.ts';
