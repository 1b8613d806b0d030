// Connecting to Excel. office.js must come from Microsoft's CDN (Office
// refuses copies), so it is loaded only when Excel opened the task pane:
// the manifest's address carries ?office=1 (Office adds _host_Info on some
// platforms too). Opened any other way, nothing is fetched and the pane says
// it needs Excel.

/**
 * @typedef {{excel: Excel.Api, supports: (version: string) => boolean, displayLanguage: string, reason?: undefined}
 *   | {reason: 'outside' | 'offline' | 'tooOld', displayLanguage?: string, excel?: undefined}} Connection
 */

export const officeScriptUrl = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const minimumExcelApi = '1.7';

export function openedByOffice(search = location.search) {
  const params = new URLSearchParams(search);
  return params.has('office') || params.has('_host_Info');
}

/** @param {string} src */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', () => reject(new Error('office.js')), { once: true });
    document.head.append(script);
  });
}

/**
 * {excel, supports(version), displayLanguage} inside Excel with ExcelApi
 * 1.7 or newer; otherwise {reason: 'outside' | 'offline' | 'tooOld'} (with
 * displayLanguage when Office answered).
 * @returns {Promise<Connection>}
 */
export async function connectToExcel() {
  if (!openedByOffice()) return { reason: 'outside' };
  try {
    await loadScript(officeScriptUrl);
  } catch {
    return { reason: 'offline' };
  }
  // office.js sets `Office` as it loads, and `Excel` by the time Office is ready.
  const scope = /** @type {typeof globalThis & {Office: Office.Api, Excel: Excel.Api}} */ (globalThis);
  const { Office } = scope;
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return { reason: 'outside' };
  const displayLanguage = Office.context.displayLanguage ?? '';
  const supports = (/** @type {string} */ version) => Office.context.requirements.isSetSupported('ExcelApi', version);
  if (!supports(minimumExcelApi)) return { reason: 'tooOld', displayLanguage };
  return { excel: scope.Excel, supports, displayLanguage };
}
