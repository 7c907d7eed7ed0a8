import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { formatDateVi } from '#domain/calendar';
import type { ReportVersionRecord } from '#schemas/records';
import { notificationContext, requireEnv } from './config.ts';
import { documentClient } from './dynamo.ts';
import { sendEmail } from './mailer.ts';
import { latestKey, versionKey } from './report-versions.ts';

const table = () => requireEnv('TABLE_NAME');

/** Tells the secretariat the report is ready, once per version (a retried run does not send it again). */
export async function notifySecretariat(record: ReportVersionRecord, now: Date): Promise<void> {
  const { appUrl, mailboxes } = notificationContext();
  const to = [mailboxes.officer, mailboxes.secretariatHead].filter((x): x is string => Boolean(x));
  if (to.length === 0) return;
  const link = `${appUrl}/#/reports/${record.year}`;
  const t = record.totals;
  const vi = `Báo cáo thi đua, khen thưởng năm ${record.year} (phiên bản ${record.version}, lập ngày ${formatDateVi(record.generatedAt)}) đã sẵn sàng: ${t.closedDossiers} hồ sơ đã kết thúc, ${t.awarded} hồ sơ được khen (${t.awards} lượt). ${record.countersMatched ? 'Bộ đếm khớp với kiểm đếm lại.' : 'CẢNH BÁO: bộ đếm không khớp với kiểm đếm lại; số liệu theo kiểm đếm lại.'} Xem và tải về: ${link}`;
  const en = `The ${record.year} emulation and commendation report (version ${record.version}) is ready: ${t.closedDossiers} dossiers closed, ${t.awarded} awarded (${t.awards} awards). ${record.countersMatched ? 'Counters match the recount.' : 'WARNING: counters do not match the recount; figures are the recount.'} View and download: ${link}`;
  await sendEmail({
    to,
    subject: `[TĐKT] Báo cáo năm ${record.year} / ${record.year} year-end report`,
    text: `${vi}\n\n---\n\n${en}`,
    html: `<p>${vi}</p><hr><p lang="en">${en}</p>`,
  });
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: versionKey(record.year, record.version),
      UpdateExpression: 'SET notifiedAt = :at',
      ExpressionAttributeValues: { ':at': now.toISOString() },
    }),
  );
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: latestKey(record.year),
      UpdateExpression: 'SET notifiedAt = :at',
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':at': now.toISOString(), ':v': record.version },
    }),
  ).catch(() => undefined);
}
