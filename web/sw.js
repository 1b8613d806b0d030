// Keeps the app shell so the page works offline after the first visit.
// Network first: when online the user always gets the current version; the
// cache answers only when the network cannot. Registers never pass through
// here: they are read from the user's disk, not fetched.

// `self`, typed for the type check as the service worker it is (lib.webworker types it as any worker).
const scope = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const cacheName = 'amif-check-shell-v6';
const shell = [
  './',
  'index.html',
  'style.css',
  'icon.svg',
  'app.js',
  'core-client.js',
  'worker.js',
  'part-worker.js',
  'worker-shared.js',
  'i18n.js',
  'dom.js',
  'results-view.js',
  'options-form.js',
  'chart.js',
  'diagnostics-view.js',
  'check-view.js',
  'shared-markup.js',
  'header-picker.js',
  'mapping-memory.js',
  'periods-view.js',
  'compare-view.js',
  'stamp-view.js',
  'print-summary.js',
  'accessibility.html',
  'accessibility.js',
  'accessibility-statement.js',
  'pkg/amif_check.js',
  'pkg/amif_check_bg.wasm',
  'sample/deltagarforteckning.csv',
  'sample/osallistujarekisteri.csv',
];

scope.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    // One missing file (e.g. wasm not built yet) must not stop the rest.
    await Promise.all(shell.map((path) => cache.add(path).catch(() => {})));
    await scope.skipWaiting();
  })());
});

scope.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== cacheName) await caches.delete(name);
    }
    await scope.clients.claim();
  })());
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this site's own files; the aggregate upload (a POST elsewhere) is never touched.
  if (request.method !== 'GET' || url.origin !== scope.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(cacheName);
    try {
      const response = await fetch(request);
      if (response.ok && url.pathname !== '/config.json') cache.put(request, response.clone());
      return response;
    } catch (error) {
      const cached = await cache.match(request, { ignoreSearch: true });
      if (cached) return cached;
      if (request.mode === 'navigate') {
        const page = await cache.match('index.html');
        if (page) return page;
      }
      throw error;
    }
  })());
});
