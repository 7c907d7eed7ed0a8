import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { reportWorkbook } from '#adapters/report-workbook';
import { findAwardForm } from '#domain/catalogue';
import { nomineeColumns, readNomineeSheet } from '#domain/nominee-sheet';

const header = ['Họ và tên', 'Loại', 'Đối tượng', 'Giới tính', 'Chức vụ', 'Năm sinh'];

describe('reading the unit’s nominee list', () => {
  it('documents its columns with the Vietnamese headers', () => {
    expect(nomineeColumns.map((c) => c.header.vi)).toEqual([...header, 'Nơi công tác']);
  });

  it('reads every row below a title, whatever the case or diacritics of the answers, and skips blank rows', () => {
    const { nominees, errors } = readNomineeSheet([
      ['DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG'],
      header,
      ['Phạm Văn Đông', 'Cá nhân', 'Lãnh đạo sở, ban, ngành và tương đương', 'Nam', 'Giám đốc Sở', 1968],
      ['Lê Thị Hoa', 'ca nhan', 'cong nhan, nong dan, nguoi lao dong truc tiep', 'nữ', null, '1990'],
      [null, null, null, null, null, null],
      ['Công ty TNHH Bình Minh', 'Tập thể', 'Doanh nghiệp', null, null, null],
      ['Trường mầm non Tân Lập', 'TẬP THỂ', '', '', '', ''],
      ['Hộ ông Ba', 'Hộ gia đình'],
      ['Trần Văn Tư', 'Cá nhân', 'Lãnh đạo khác', '', 'Phó Trưởng phòng', 1975],
    ]);
    expect(errors).toEqual([]);
    expect(nominees).toEqual([
      { name: 'Phạm Văn Đông', recipientType: 'individual', category: 'departmentLeader', gender: 'male', position: 'Giám đốc Sở', birthYear: 1968 },
      { name: 'Lê Thị Hoa', recipientType: 'individual', category: 'directWorker', gender: 'female', birthYear: 1990 },
      { name: 'Công ty TNHH Bình Minh', recipientType: 'collective', category: 'enterprise' },
      { name: 'Trường mầm non Tân Lập', recipientType: 'collective' },
      { name: 'Hộ ông Ba', recipientType: 'household' },
      { name: 'Trần Văn Tư', recipientType: 'individual', category: 'otherLeader', position: 'Phó Trưởng phòng', birthYear: 1975 },
    ]);
  });

  it('names the row, the column and the reason of every bad cell, in Vietnamese and English', () => {
    const next = new Date().getFullYear() + 1;
    const { errors } = readNomineeSheet([
      header,
      ['', 'Cá nhân', 'Khác', '', '', ''],
      ['Ngô Văn Năm', 'Công ty', '', '', '', ''],
      ['Đỗ Thị Sáu', 'Cá nhân', '', 'Nữ', '', 1980],
      ['Vũ Văn Bảy', 'Cá nhân', 'Giám đốc', 'M', '', next],
      ['Xã An Bình', 'Tập thể', 'Công nhân, nông dân, người lao động trực tiếp', '', '', ''],
      ['Bùi Văn Tám', 'Cá nhân', 'Khác', '', '', 'năm 80'],
    ]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Họ và tên'],
      [3, 'Loại'],
      [4, 'Đối tượng'],
      [5, 'Đối tượng'], [5, 'Giới tính'], [5, 'Năm sinh'],
      [6, 'Đối tượng'],
      [7, 'Năm sinh'],
    ]);
    expect(errors[1]!.message.vi).toContain('"Công ty" không phải loại hợp lệ');
    expect(errors[2]!.message.vi).toContain('Chưa ghi đối tượng');
    expect(errors[5]!.message).toEqual({ vi: `Năm sinh phải từ 1900 đến ${next - 1}`, en: `The year of birth must be from 1900 to ${next - 1}` });
  });

  it("refuses a row of a recipient type the award form does not take", () => {
    const { nominees, errors } = readNomineeSheet([header, ['Xã An Bình', 'Tập thể', '', '', '', ''], ['Nguyễn Văn A', 'Cá nhân', 'Khác', '', '', '']], findAwardForm('coThiDuaTinh'));
    expect(nominees).toEqual([{ name: 'Xã An Bình', recipientType: 'collective' }]);
    expect(errors).toEqual([{ row: 3, column: 'Loại', message: expect.objectContaining({ vi: expect.stringContaining('không dành cho cá nhân') }) }]);
  });

  it('says which column is missing, and when there is no header row at all', () => {
    expect(readNomineeSheet([['Họ và tên', 'Chức vụ'], ['A', 'B']]).errors).toEqual([{ row: 1, column: 'Loại', message: expect.objectContaining({ vi: 'Thiếu cột "Loại"' }) }]);
    expect(readNomineeSheet([['Tên', 'Loại']]).errors[0]!.message.vi).toContain('Không tìm thấy dòng tiêu đề');
  });

  it('numbers rows as Excel does when read back from a real XLSX file', async () => {
    const xlsx = await reportWorkbook([{ id: 'danh-sach', title: { vi: 'Danh sách đề nghị', en: 'Nominees' }, columns: header.map((vi) => ({ vi, en: vi })), rows: [
      ['Phạm Văn Đông', 'Cá nhân', 'Doanh nhân', 'Nam', 'Giám đốc', 1968],
      ['Lê Thị Hoa', 'Cá nhân', 'Nông dân', 'Nữ', '', 1990],
      ['Hồ Văn Chín', 'Cá nhân', 'Giáo viên', 'Nam', '', 1985],
    ] }]);
    const { nominees, errors } = readNomineeSheet(await readSheet(Buffer.from(xlsx)));
    expect(nominees).toEqual([
      { name: 'Phạm Văn Đông', recipientType: 'individual', category: 'businessPerson', gender: 'male', position: 'Giám đốc', birthYear: 1968 },
      { name: 'Lê Thị Hoa', recipientType: 'individual', category: 'directWorker', gender: 'female', birthYear: 1990 },
    ]);
    expect(errors).toEqual([{ row: 5, column: 'Đối tượng', message: expect.objectContaining({ vi: expect.stringContaining('"Giáo viên" không phải đối tượng') }) }]);
  });
});
