// Runs one benchmark in a fresh worker and resolves to {ms, rows}. The file
// is fetched into a Blob before the clock starts, as a dropped File would be.
// amif-check: the page's own worker (web/worker.js), warmed up as the page
// warms it up, the full validation (parse + validate + aggregate) with the
// result back on the page.
// PapaParse / SheetJS: parse or read only, in a worker of their own.

function once(worker, accept) {
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', function listen(event) {
      const data = event.data;
      if (data.type === 'failed' || data.type === 'startFailed' || data.type === 'error') {
        worker.removeEventListener('message', listen);
        reject(new Error(data.message));
      } else if (accept(data)) {
        worker.removeEventListener('message', listen);
        resolve(data);
      }
    });
    worker.addEventListener('error', (event) => reject(new Error(event.message)));
  });
}

async function fetchBlob(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.blob();
}

window.prepare = async ({ tool, prefix, url }) => {
  const blob = await fetchBlob(url);
  let worker;
  if (tool === 'amif-check') {
    worker = new Worker(`${prefix}/web/worker.js`, { type: 'module' });
    await once(worker, (d) => d.type === 'ready');
    // As the page does before it says it is ready: the core checks the
    // bundled fictitious register once, so the measured run is not its first.
    const warmed = once(worker, (d) => d.type === 'done' && d.id === 0);
    worker.postMessage({ type: 'warmUp', id: 0, url: new URL(`${prefix}/web/sample/deltagarforteckning.csv`, location.href).href });
    if (!(await warmed).value) throw new Error('warm-up failed');
  } else {
    worker = new Worker('/bench/js-worker.js');
    worker.postMessage({ type: 'load' });
    await once(worker, (d) => d.type === 'loaded');
  }
  window.current = { tool, blob, worker };
  return blob.size;
};

window.run = async ({ options }) => {
  const { tool, blob, worker } = window.current;
  const start = performance.now();
  let rows;
  if (tool === 'amif-check') {
    const done = once(worker, (d) => d.type === 'done');
    worker.postMessage({ type: 'run', id: 1, file: blob, options });
    const { value } = await done;
    rows = value.aggregates?.summary?.rows ?? value.summary?.rows ?? null;
  } else {
    const done = once(worker, (d) => d.type === 'done');
    worker.postMessage({ type: 'run', tool, blob });
    rows = (await done).rows;
  }
  const ms = performance.now() - start;
  worker.terminate();
  window.current = null;
  return { ms, rows };
};
