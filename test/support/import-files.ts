import { reportWorkbook } from '#adapters/report-workbook';

/**
 * Spreadsheets as a secretariat keeps them, written by the tests: the report writer's XLSX (a title row above the
 * header, as such lists often have) or CSV text.
 */
export function xlsx(headers: readonly string[], rows: readonly (readonly (string | number)[])[], title = 'Danh sách'): Promise<Uint8Array> {
  return reportWorkbook([{ id: 'Sheet1', title: { vi: title, en: title }, columns: headers.map((h) => ({ vi: h, en: h })), rows }]);
}

export function csv(headers: readonly string[], rows: readonly (readonly (string | number)[])[], delimiter = ','): Uint8Array {
  const cell = (v: string | number) => (/[",;\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return Buffer.from(`\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(delimiter)).join('\r\n')}\r\n`, 'utf8');
}

export const unitHeaders = ['Mã đơn vị', 'Tên đơn vị', 'Tên viết tắt', 'Loại', 'Đơn vị cấp trên', 'Hiệu lực từ', 'Hiệu lực đến'];
export const peopleHeaders = ['Tên đăng nhập', 'Họ và tên', 'Thư điện tử', 'Vai trò', 'Mã đơn vị', 'Ngày bắt đầu'];
