/**
 * Unit types and the shape of a unit id: what the API schemas and the web pages share. No imports, so a page
 * bundle stays free of the directory's server-side rules (units.ts).
 */
export const unitTypes = ['department', 'commune', 'massOrganisation', 'enterprise', 'armedForces', 'other'] as const;
export type UnitType = (typeof unitTypes)[number];

export const unitTypeNames: Record<UnitType, { vi: string; en: string }> = {
  department: { vi: 'Sở, ban, ngành', en: 'Department or sector' },
  commune: { vi: 'Xã, phường, đặc khu', en: 'Commune or ward' },
  massOrganisation: { vi: 'Tổ chức chính trị – xã hội', en: 'Mass organisation' },
  enterprise: { vi: 'Doanh nghiệp', en: 'Enterprise' },
  armedForces: { vi: 'Lực lượng vũ trang', en: 'Armed forces' },
  other: { vi: 'Khác', en: 'Other' },
};

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const UNIT_ID_MAX = 64;

/** A unit id: lower-case ASCII words joined by single hyphens, at most 64 characters (it is a Cognito attribute). */
export function isUnitId(value: string): boolean {
  return value.length <= UNIT_ID_MAX && SLUG.test(value);
}

export const unitIdMessage = {
  vi: 'Mã đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 64 ký tự), ví dụ so-giao-duc',
  en: 'A unit id is lower-case letters, digits and single hyphens (at most 64 characters), e.g. so-giao-duc',
};
