/**
 * The kinds of directory record that keep a chain of changes. A module of its own, free of node:crypto, because
 * the record schemas (read by the web bundle too) name them.
 */
export const directoryEntities = ['unit', 'person', 'roster', 'regulation', 'awardHistory'] as const;
export type DirectoryEntity = (typeof directoryEntities)[number];
