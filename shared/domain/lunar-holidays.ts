/**
 * Lunar-calendar holidays in Vietnam (Tết eve = 30 or 29 Chạp; Giỗ Tổ Hùng Vương = 10/3 lunar), per year.
 * Generated from the maintained `date-holidays` package (Vietnam's lunar calendar, UTC+7) by
 * `npm run calendar:lunar`; a unit test checks every row against it, so the Lambda bundles need not carry
 * date-holidays and moment-timezone (≈1.4 MB) for a few dates a year.
 */
export const lunarHolidays: Readonly<Record<number, { readonly tetEve: string; readonly hungKings: string }>> = {
  2019: { tetEve: '2019-02-04', hungKings: '2019-04-14' },
  2020: { tetEve: '2020-01-24', hungKings: '2020-04-02' },
  2021: { tetEve: '2021-02-11', hungKings: '2021-04-21' },
  2022: { tetEve: '2022-01-31', hungKings: '2022-04-10' },
  2023: { tetEve: '2023-01-21', hungKings: '2023-04-29' },
  2024: { tetEve: '2024-02-09', hungKings: '2024-04-18' },
  2025: { tetEve: '2025-01-28', hungKings: '2025-04-07' },
  2026: { tetEve: '2026-02-16', hungKings: '2026-04-26' },
  2027: { tetEve: '2027-02-05', hungKings: '2027-04-16' },
  2028: { tetEve: '2028-01-25', hungKings: '2028-04-04' },
  2029: { tetEve: '2029-02-12', hungKings: '2029-04-23' },
  2030: { tetEve: '2030-02-01', hungKings: '2030-04-12' },
  2031: { tetEve: '2031-01-22', hungKings: '2031-04-01' },
  2032: { tetEve: '2032-02-10', hungKings: '2032-04-19' },
  2033: { tetEve: '2033-01-30', hungKings: '2033-04-09' },
  2034: { tetEve: '2034-02-18', hungKings: '2034-04-28' },
  2035: { tetEve: '2035-02-07', hungKings: '2035-04-17' },
  2036: { tetEve: '2036-01-27', hungKings: '2036-04-06' },
  2037: { tetEve: '2037-02-14', hungKings: '2037-04-24' },
  2038: { tetEve: '2038-02-03', hungKings: '2038-04-13' },
  2039: { tetEve: '2039-01-23', hungKings: '2039-04-03' },
  2040: { tetEve: '2040-02-11', hungKings: '2040-04-20' },
  2041: { tetEve: '2041-01-31', hungKings: '2041-04-10' },
  2042: { tetEve: '2042-01-21', hungKings: '2042-04-29' },
  2043: { tetEve: '2043-02-09', hungKings: '2043-04-19' },
  2044: { tetEve: '2044-01-29', hungKings: '2044-04-07' },
  2045: { tetEve: '2045-02-16', hungKings: '2045-04-26' },
};
