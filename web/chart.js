// Stacked horizontal bars: participants per indicator, split by gender and
// age group. The SVG is one image to assistive technology with a text
// summary; the full figures are in the indicator table.

import { clear, el, svg } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { ageGroups, genders } from './results-view.js';

/** @typedef {import('./pkg/amif_check.js').Breakdown} Breakdown */
/** @typedef {import('./pkg/amif_check.js').Indicator} Indicator */

// One hue per gender, darker for older groups; white gaps separate segments.
/** @type {Record<import('./pkg/amif_check.js').Gender, string[]>} */
const colours = {
  man: ['#9cc3ea', '#3d7fc4', '#123f73'],
  kvinna: ['#f4b37c', '#cf6516', '#7a3300'],
  'icke-binär': ['#a9d8b5', '#3f9a5c', '#17532c'],
};

const layout = {
  labelWidth: 80,
  totalWidth: 56,
  barHeight: 22,
  gap: 14,
  top: 8,
};

// Drawn at the container's own width so the text keeps its size on a phone.
const minimumWidth = 280;

/**
 * @param {HTMLElement} container
 * @param {HTMLElement} legend a list: one item per colour
 * @param {Indicator[]} indicators
 */
export function renderChart(container, legend, indicators) {
  clear(container);
  clear(legend);
  const rows = /** @type {(Indicator & {breakdown: Breakdown})[]} */ (
    indicators.filter((indicator) => indicator.breakdown && indicator.total > 0));
  if (rows.length === 0) {
    container.append(el('p', { className: 'hint', text: t('chart.none') }));
    legend.hidden = true;
    return;
  }
  legend.hidden = false;
  const width = Math.max(minimumWidth, Math.floor(container.clientWidth || 760));
  const largest = Math.max(...rows.map((row) => row.total));
  const barArea = width - layout.labelWidth - layout.totalWidth;
  const height = layout.top * 2 + rows.length * (layout.barHeight + layout.gap) - layout.gap;

  const summary = rows.map((row) => t('chart.summaryItem', { code: row.code, total: formatNumber(row.total) })).join(', ');
  const image = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-labelledby': 'chart-svg-title',
    class: 'chart-svg',
    preserveAspectRatio: 'xMinYMin meet',
  }, [svg('title', { id: 'chart-svg-title' }, [t('chart.label', { summary })])]);

  // Light vertical guides at quarters of the largest bar.
  for (let quarter = 1; quarter <= 4; quarter += 1) {
    const x = layout.labelWidth + (barArea * quarter) / 4;
    image.append(svg('line', {
      x1: x, x2: x, y1: 0, y2: height, class: 'chart-guide',
    }));
  }

  rows.forEach((row, index) => {
    const y = layout.top + index * (layout.barHeight + layout.gap);
    const group = svg('g', {});
    group.append(svg('text', {
      x: 0, y: y + layout.barHeight / 2, 'dominant-baseline': 'central', class: 'chart-label',
    }, [row.code]));
    let x = layout.labelWidth;
    for (const gender of genders) {
      ageGroups.forEach((age, ageIndex) => {
        const count = row.breakdown[age]?.[gender] ?? 0;
        if (count === 0) return;
        const segment = (count / largest) * barArea;
        group.append(svg('rect', {
          x, y, width: segment, height: layout.barHeight, fill: colours[gender][ageIndex], class: 'chart-segment',
        }, [svg('title', {}, [t('chart.segment', {
          code: row.code, gender: t(`gender.${gender}`), age: t(`age.${age}`), count: formatNumber(count),
        })])]));
        x += segment;
      });
    }
    group.append(svg('text', {
      x: x + 8, y: y + layout.barHeight / 2, 'dominant-baseline': 'central', class: 'chart-total',
    }, [formatNumber(row.total)]));
    image.append(group);
  });
  container.append(image);

  for (const gender of genders) {
    ageGroups.forEach((age, ageIndex) => {
      legend.append(el('li', {}, [
        svg('svg', { viewBox: '0 0 14 14', width: 14, height: 14, 'aria-hidden': 'true', focusable: 'false' }, [
          svg('rect', { width: 14, height: 14, rx: 2, fill: colours[gender][ageIndex] }),
        ]),
        t('chart.legendItem', { gender: t(`gender.${gender}`), age: t(`age.${age}`) }),
      ]));
    });
  }
}
