import { certificateTable, type DecisionInput, decisionDocument, type FormalMinutesInput, minutesDocument, type ProposalInput, proposalDocument } from '#domain/formal-documents';
import { renderDocx, renderPdf } from './formal-render.ts';
import { reportWorkbook } from './report-workbook.ts';

/**
 * The decision documents and the tally minutes as files. Pure functions of their input (no AWS, no clock): the
 * same input gives the same bytes, so a retried step overwrites a stored file with itself.
 */
export const decisionDocx = (input: DecisionInput): Promise<Uint8Array> => renderDocx(decisionDocument(input));
export const decisionPdf = (input: DecisionInput): Promise<Uint8Array> => renderPdf(decisionDocument(input));
/** The certificate list for the printer (XLSX): one row per Bằng khen or Giấy chứng nhận to print. */
export const certificateListXlsx = (input: DecisionInput): Promise<Uint8Array> => reportWorkbook([certificateTable(input)]);
export const minutesDocx = (input: FormalMinutesInput): Promise<Uint8Array> => renderDocx(minutesDocument(input));
export const minutesPdf = (input: FormalMinutesInput): Promise<Uint8Array> => renderPdf(minutesDocument(input));

/** The proposal to the central level (tờ trình) with its list of nominees, as DOCX and PDF. */
export const proposalDocx = (input: ProposalInput): Promise<Uint8Array> => renderDocx(proposalDocument(input));
export const proposalPdf = (input: ProposalInput): Promise<Uint8Array> => renderPdf(proposalDocument(input));
