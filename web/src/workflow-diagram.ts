/**
 * The dossier page's workflow picture: drawn from the deployed state machine definition (config.json) once the
 * layout code has loaded — its own chunk (web/src/workflow-layout.ts with dagre), fetched only by this page.
 */
import { stateOfStatus } from '#domain/workflow-states';
import { currentLang, t } from './i18n.ts';

const stateOf = (status: string | undefined): string | undefined => (stateOfStatus as Record<string, string | undefined>)[status ?? ''];

/**
 * Draws into `container`: the picture in a box that scrolls sideways on a narrow screen, with the current step
 * scrolled into view, and a legend below. The dossier's statuses (its events' `toStatus`, oldest first) mark the
 * path it took; its status now, the current step.
 */
export async function drawWorkflow(container: HTMLElement, definition: string, status: string, statuses: readonly (string | undefined)[]): Promise<void> {
  const current = stateOf(status);
  const sequence = statuses.map(stateOf).filter((s): s is string => Boolean(s));
  let svg: string;
  let centre: number | undefined;
  let dashed = false;
  try {
    const { layoutWorkflow, workflowSvg } = await import('./workflow-layout.ts');
    const lay = layoutWorkflow(definition, currentLang());
    svg = workflowSvg(lay, current, sequence, currentLang());
    const box = lay.boxes.find((b) => b.name === current);
    centre = box && box.x + box.width / 2;
    dashed = lay.lines.some((l) => l.exception);
  } catch {
    container.innerHTML = `<p class="error">${t('Không tải được sơ đồ quy trình; vui lòng tải lại trang.', 'The workflow picture could not be loaded; please reload the page.')}</p>`;
    return;
  }
  // The page may have moved on while the chunk loaded.
  if (!container.isConnected) return;
  const label = t('Sơ đồ quy trình (kéo ngang để xem hết)', 'Workflow picture (scroll sideways to see all of it)');
  // The dashed lines are the definition's Catch transitions left in the picture: the failure path is left out and
  // a withdrawal is drawn apart (shared/domain/workflow-states.ts), so what remains are deadlines passing.
  container.innerHTML = `<div class="diagram-scroll" tabindex="0" role="region" aria-label="${label}">${svg}</div>
    <ul class="diagram-legend"><li><span class="current"></span>${t('Bước hiện tại', 'Current step')}</li><li><span class="done"></span>${t('Các bước hồ sơ đã qua', 'Steps the dossier went through')}</li>${dashed ? `<li><span class="exception"></span>${t('Khi quá hạn', 'When a deadline passes')}</li>` : ''}</ul>`;
  const scroller = container.querySelector<HTMLElement>('.diagram-scroll')!;
  if (centre !== undefined && scroller.scrollWidth > scroller.clientWidth) scroller.scrollLeft = Math.max(0, centre - scroller.clientWidth / 2);
}
