/**
 * The kinds of directory record that keep a chain of changes. A module of its own, free of node:crypto, because
 * the record schemas (read by the web bundle too) name them.
 */
export const directoryEntities = ['unit', 'person', 'roster', 'regulation', 'awardHistory'] as const;
export type DirectoryEntity = (typeof directoryEntities)[number];

/** Each kind by the name the directory's pages give it. */
export const directoryEntityNames: Record<DirectoryEntity, { vi: string; en: string }> = {
  unit: { vi: 'Đơn vị', en: 'Unit' },
  person: { vi: 'Người dùng', en: 'Person' },
  roster: { vi: 'Thành phần Hội đồng', en: 'Council roster' },
  regulation: { vi: 'Quy chế thi đua, khen thưởng', en: 'Regulation' },
  awardHistory: { vi: 'Khen thưởng đã có', en: 'Earlier award' },
};
