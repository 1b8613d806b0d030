// The accessibility statement page: the statement of accessibility-statement.js
// in the chosen language (the page's stored choice, or ?lang=), with the
// deployer's name and feedback address from config.json, or words saying
// they are not given. Everything is put in as text; only the addresses
// written in the statement, and a feedback address that is a web or e-mail
// address, become links.

import { clear, el, readPreference, savePreference } from './dom.js';
import { languages, setLanguage, translatePage } from './i18n.js';
import { assessed, statements, updated } from './accessibility-statement.js';

/** @typedef {import('./accessibility-statement.js').Statement} Statement */
/** @typedef {{name: string | null, feedback: string | null, country: 'se' | 'fi' | null}} Deployer */

const langKey = 'amif-check.lang';

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * The deployer as config.json gives it; anything else counts as not given.
 * @returns {Promise<Deployer>}
 */
async function loadDeployer() {
  /** @type {Deployer} */
  const none = { name: null, feedback: null, country: null };
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    if (!response.ok) return none;
    const deployer = (await response.json())?.deployer ?? {};
    const text = (/** @type {unknown} */ value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
    const country = deployer.country === 'se' || deployer.country === 'fi' ? deployer.country : null;
    return { name: text(deployer.name), feedback: text(deployer.feedback), country };
  } catch {
    return none;
  }
}

/**
 * A feedback address as a link: a web address, or an e-mail address; null for anything else.
 * @param {string} address
 */
function feedbackHref(address) {
  if (/^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(address)) return `mailto:${address}`;
  try {
    const url = new URL(address);
    return ['https:', 'http:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A statement's text as nodes: `[words](address)` becomes a link, {deployer},
 * {feedback}, {assessed} and {updated} are filled in (as text, or the
 * feedback address as a checked link).
 * @param {string} text
 * @param {Statement} statement
 * @param {Deployer} deployer
 * @returns {(Node | string)[]}
 */
function inline(text, statement, deployer) {
  /** @type {(Node | string)[]} */
  const nodes = [];
  /** @param {string} words */
  const filled = (words) => {
    for (const [i, piece] of words.split(/\{(deployer|feedback|assessed|updated)\}/).entries()) {
      if (i % 2 === 0) {
        if (piece) nodes.push(piece);
      } else if (piece === 'deployer') {
        nodes.push(deployer.name ?? statement.deployerUnknown);
      } else if (piece === 'feedback') {
        const href = deployer.feedback ? feedbackHref(deployer.feedback) : null;
        if (href) nodes.push(el('a', { attrs: { href }, text: deployer.feedback, dataset: { testid: 'feedback' } }));
        else nodes.push(deployer.feedback ?? statement.feedbackUnknown);
      } else {
        nodes.push(piece === 'assessed' ? assessed : updated);
      }
    }
  };
  let from = 0;
  for (const link of text.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)) {
    filled(text.slice(from, link.index));
    nodes.push(el('a', { attrs: { href: link[2] }, text: link[1] }));
    from = /** @type {number} */ (link.index) + link[0].length;
  }
  filled(text.slice(from));
  return nodes;
}

/**
 * @param {Statement} statement
 * @param {Deployer} deployer
 */
function render(statement, deployer) {
  $('statement-title').textContent = statement.title;
  document.title = statement.title;
  $('back-link').textContent = statement.back;
  const container = clear($('statement'));
  container.append(el('p', { className: 'lead' }, inline(statement.lead, statement, deployer)));
  for (const section of statement.sections) {
    if (section.country && deployer.country && section.country !== deployer.country) continue;
    container.append(el('h2', { text: section.heading }));
    for (const paragraph of section.paragraphs ?? []) container.append(el('p', {}, inline(paragraph, statement, deployer)));
    if (section.list) container.append(el('ul', {}, section.list.map((item) => el('li', {}, inline(item, statement, deployer)))));
    for (const paragraph of section.after ?? []) container.append(el('p', {}, inline(paragraph, statement, deployer)));
  }
}

/** @param {string} lang */
function showLanguage(lang, /** @type {Deployer} */ deployer) {
  const chosen = setLanguage(lang);
  translatePage();
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === chosen));
  }
  render(statements[/** @type {'sv' | 'fi' | 'en'} */ (chosen)], deployer);
}

async function main() {
  const asked = new URLSearchParams(location.search).get('lang');
  const stored = readPreference(langKey);
  const lang = [asked, stored].find((candidate) => candidate !== null && languages.includes(candidate)) ?? 'sv';
  const deployer = await loadDeployer();
  showLanguage(lang, deployer);
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    button.addEventListener('click', () => {
      // Every language button has its data-lang.
      const chosen = /** @type {string} */ (button.dataset.lang);
      savePreference(langKey, chosen);
      showLanguage(chosen, deployer);
    });
  }
  document.body.dataset.appReady = 'true';
}

main();
