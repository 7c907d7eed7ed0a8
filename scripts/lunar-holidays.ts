/**
 * `npm run calendar:lunar`: regenerates shared/domain/lunar-holidays.ts from `date-holidays` (country VN).
 * The unit tests compare the file with this rendering, so the data cannot drift from the package.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Holidays from 'date-holidays';
import { projectRoot } from '../infra/paths.ts';

export const LUNAR_YEARS = { from: 2019, to: 2045 } as const;
export const lunarHolidaysPath = path.join(projectRoot, 'shared/domain/lunar-holidays.ts');

export function renderLunarHolidays(): string {
  const vn = new Holidays('VN');
  const rows: string[] = [];
  for (let year = LUNAR_YEARS.from; year <= LUNAR_YEARS.to; year++) {
    const holidays = vn.getHolidays(year);
    const day = (name: RegExp) => {
      const found = holidays.find((h) => name.test(h.name));
      if (!found) throw new Error(`date-holidays has no ${name.source} in ${year}`);
      return found.date.slice(0, 10);
    };
    rows.push(`  ${year}: { tetEve: '${day(/^Giao thừa/)}', hungKings: '${day(/Hùng Vương/)}' },`);
  }
  return `/**
 * Lunar-calendar holidays in Vietnam (Tết eve = 30 or 29 Chạp; Giỗ Tổ Hùng Vương = 10/3 lunar), per year.
 * Generated from the maintained \`date-holidays\` package (Vietnam's lunar calendar, UTC+7) by
 * \`npm run calendar:lunar\`; a unit test checks every row against it, so the Lambda bundles need not carry
 * date-holidays and moment-timezone (≈1.4 MB) for a few dates a year.
 */
export const lunarHolidays: Readonly<Record<number, { readonly tetEve: string; readonly hungKings: string }>> = {
${rows.join('\n')}
};
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'scripts/lunar-holidays.ts')) {
  writeFileSync(lunarHolidaysPath, renderLunarHolidays());
  console.log(`wrote ${path.relative(projectRoot, lunarHolidaysPath)} (${LUNAR_YEARS.from}–${LUNAR_YEARS.to})`);
}
