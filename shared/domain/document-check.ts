import { createHash } from 'node:crypto';
import type { Bilingual } from './errors.ts';
import { inspectPdf } from './pdf-inspection.ts';

export type DocumentCheck =
  | { readonly ok: true; readonly sha256: string }
  | { readonly ok: false; readonly code: string; readonly reason: Bilingual };

const signatures: Record<string, (b: Uint8Array) => boolean> = {
  'application/pdf': (b) => ascii(b, 0, 5) === '%PDF-',
  'image/png': (b) => b[0] === 0x89 && ascii(b, 1, 3) === 'PNG',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
}

/**
 * Server-side verification of an upload (docs/architecture.md §4): what the emulator or a tampered client did not
 * enforce is checked here, against the bytes actually stored.
 */
export function checkDocument(
  bytes: Uint8Array | undefined,
  declared: { contentType: string; size: number; sha256: string },
  maxBytes: number,
): DocumentCheck {
  const fail = (code: string, vi: string, en: string): DocumentCheck => ({ ok: false, code, reason: { vi, en } });
  if (!bytes) return fail('NOT_UPLOADED', 'Chưa nhận được tệp', 'The file has not been uploaded');
  if (bytes.length === 0) return fail('EMPTY', 'Tệp rỗng (0 byte)', 'The file is empty (0 bytes)');
  if (bytes.length > maxBytes) {
    return fail('TOO_LARGE', `Tệp vượt quá dung lượng cho phép (${maxBytes} byte)`, `The file exceeds the size limit (${maxBytes} bytes)`);
  }
  if (bytes.length !== declared.size) {
    return fail('SIZE_MISMATCH', 'Kích thước tệp khác với kích thước đã khai báo', 'The file size differs from the declared size');
  }
  const matches = signatures[declared.contentType];
  if (!matches?.(bytes)) {
    return fail('TYPE_MISMATCH', `Nội dung tệp không phải ${declared.contentType}`, `The file content is not ${declared.contentType}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== declared.sha256.toLowerCase()) {
    return fail('CHECKSUM_MISMATCH', 'Mã kiểm tra SHA-256 không khớp: tệp bị thay đổi khi tải lên', 'SHA-256 mismatch: the file changed during upload');
  }
  if (declared.contentType === 'application/pdf') {
    // Features that run code or carry other files: an official dossier needs none of them (pdf-inspection.ts)
    const pdf = inspectPdf(bytes);
    if (!pdf.ok) {
      switch (pdf.code) {
        case 'PDF_ACTIVE_CONTENT':
          return fail(pdf.code, `Tệp PDF chứa thành phần tự chạy, mở tệp hoặc địa chỉ khác, hoặc mang tệp đính kèm (${pdf.feature})`, `The PDF contains content that runs, opens other files or addresses, or carries attached files (${pdf.feature})`);
        case 'PDF_ENCRYPTED':
          return fail(pdf.code, 'Tệp PDF được mã hóa nên không kiểm tra được; hãy gửi bản không đặt mật khẩu', 'The PDF is encrypted and cannot be checked; send a copy without a password');
        case 'PDF_TRAILING_DATA':
          return fail(pdf.code, `Có dữ liệu lạ nối sau phần kết thúc của tệp PDF (${pdf.feature})`, `Unknown data is appended after the end of the PDF (${pdf.feature})`);
        case 'PDF_UNPARSEABLE':
          return fail(pdf.code, `Không đọc được trọn vẹn cấu trúc tệp PDF; hãy xuất lại tệp từ phần mềm soạn thảo (${pdf.featureVi ?? pdf.feature})`, `The PDF structure cannot be read in full; export the file again from the editor (${pdf.feature})`);
      }
    }
  }
  return { ok: true, sha256 };
}
