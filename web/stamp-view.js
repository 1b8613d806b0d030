// What the figures were counted from, shown with the results on the page
// and in the add-in (and in the page's printed summary): the register
// file's SHA-256 (shortened, the full value a click away) and size, the
// sheet, the tool's and the catalogue's versions and every option. With
// them anyone can count the same figures again (`amif-check verify`).
// No identifier is in a stamp: only the file's hash, never its content.

import { clear, el } from './dom.js';
import { formatNumber, formatSize, t } from './i18n.js';

/** @typedef {import('./pkg/amif_check.js').Aggregates} Aggregates */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {{label: string, value: string, hash?: string}} StampItem `hash`: the full SHA-256 the value shortens */

/**
 * A SHA-256 short enough to read aloud and compare by eye: its first 12 and last 6 digits.
 * @param {string} sha256
 */
export function shortHash(sha256) {
  return `${sha256.slice(0, 12)}…${sha256.slice(-6)}`;
}

/**
 * The `periods` option as the stamp holds it (`quarterly`, or `FROM..TO,…`), in words.
 * @param {string} periods
 */
function periodsInWords(periods) {
  const regular = { quarterly: 'stamp.quarterly', 'half-yearly': 'stamp.halfYearly', yearly: 'stamp.yearly' };
  const key = regular[/** @type {keyof typeof regular} */ (periods)];
  return key ? t(key) : periods.split(',').map((period) => period.replace('..', ' – ')).join(', ');
}

/**
 * The stamp's facts, each a label and a value in the current language.
 * @param {Aggregates} aggregates
 * @param {{countryDetected: boolean, fields: FieldInfo[]}} how
 * @returns {StampItem[]}
 */
export function stampItems(aggregates, { countryDetected, fields }) {
  const { stamp, tool } = aggregates;
  const { options } = stamp;
  const none = t('stamp.none');
  /** @type {StampItem[]} */
  const items = [];
  if (stamp.register) {
    items.push({ label: t('stamp.sha256'), value: shortHash(stamp.register.sha256), hash: stamp.register.sha256 });
    const exact = t('size.bytes', { n: formatNumber(stamp.register.bytes) });
    const size = formatSize(stamp.register.bytes);
    items.push({ label: t('stamp.size'), value: size === exact ? exact : `${size} (${exact})` });
  } else {
    items.push({ label: t('stamp.sha256'), value: t('stamp.noFile') });
  }
  items.push(
    { label: t('stamp.sheet'), value: stamp.sheet ?? t('stamp.noSheet') },
    { label: t('stamp.tool'), value: `${tool.name} ${tool.version}` },
    { label: t('stamp.catalogue'), value: stamp.catalogue_version },
    { label: t('stamp.referenceDate'), value: options.reference_date },
  );
  if (options.period) items.push({ label: t('stamp.period'), value: `${options.period.from} – ${options.period.to}` });
  if (options.periods) items.push({ label: t('stamp.periods'), value: periodsInWords(options.periods) });
  items.push({ label: t('stamp.projectPeriod'), value: options.project_period ? `${options.project_period.from} – ${options.project_period.to}` : none });
  const country = t(`country.${aggregates.country}`);
  let countryWords = t('stamp.countryDefault', { country });
  if (options.country) countryWords = country;
  else if (countryDetected) countryWords = t('stamp.countryDetected', { country });
  items.push({ label: t('stamp.country'), value: countryWords });
  if (options.action) items.push({ label: t('stamp.action'), value: options.action });
  if (options.header_row) items.push({ label: t('stamp.headerRow'), value: String(options.header_row) });
  const labels = new Map(fields.map((field) => [field.key, field.label]));
  const choices = Object.entries(options.mapping ?? {})
    .map(([header, key]) => `${header} → ${key === '-' ? t('columns.unused') : labels.get(key) ?? key}`);
  items.push({ label: t('stamp.mapping'), value: choices.length > 0 ? choices.join('; ') : none });
  for (const file of stamp.further_files) {
    items.push({ label: t('stamp.furtherFile', { name: file.name }), value: `SHA-256 ${shortHash(file.sha256)}`, hash: file.sha256 });
  }
  return items;
}

/**
 * The stamp as a description list; each hash shortened, its full value in a disclosure.
 * @param {HTMLElement} container
 * @param {StampItem[]} items
 */
export function renderStamp(container, items) {
  const list = el('dl', { className: 'stamp-list' });
  for (const item of items) {
    const value = item.hash
      ? el('details', { className: 'hash' }, [
        el('summary', {}, [el('code', { text: item.value }), ' ', el('span', { className: 'hash-more', text: t('stamp.showHash') })]),
        el('code', { className: 'hash-full', text: item.hash }),
      ])
      : item.value;
    list.append(el('div', { className: 'stamp-item' }, [el('dt', { text: item.label }), el('dd', {}, [value])]));
  }
  clear(container).append(list);
}
