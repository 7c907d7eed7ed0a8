/**
 * The rules an account must keep (issue 23): a person of a submitting unit belongs to exactly one unit; a
 * provincial role (secretariat, council, chair, admin) carries none, so no unit claim can widen what they see.
 */
import { ValidationError } from './errors.ts';
import type { Role } from './roles.ts';

const unitRoles: readonly Role[] = ['unitOfficer', 'unitHead'];

export interface AccountShape {
  readonly roles: readonly Role[];
  readonly unitId?: string;
}

export function assertAccountShape(account: AccountShape): void {
  const ofUnit = account.roles.some((r) => unitRoles.includes(r));
  const provincial = account.roles.filter((r) => !unitRoles.includes(r));
  if (ofUnit && provincial.length > 0) {
    throw new ValidationError({ field: 'roles', messages: { vi: 'Không gộp vai trò của đơn vị trình với vai trò cấp tỉnh trong một tài khoản', en: 'A submitting unit role and a provincial role cannot share one account' } });
  }
  if (ofUnit && !account.unitId) {
    throw new ValidationError({ field: 'unitId', messages: { vi: 'Cán bộ, thủ trưởng đơn vị trình phải thuộc một đơn vị', en: 'A submitting unit officer or head must belong to a unit' } });
  }
  if (!ofUnit && account.unitId) {
    throw new ValidationError({ field: 'unitId', messages: { vi: 'Vai trò cấp tỉnh không gắn với đơn vị nào', en: 'A provincial role belongs to no unit' } });
  }
}
